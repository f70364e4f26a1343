import type { Db, Statement } from './driver';

/**
 * The WHERE clause every observation read shares (keyword, vector, newest-first, export), so a
 * filter means the same thing on every path and is never silently dropped by one of them.
 */
export interface ObservationFilter {
  /** Only these projects; `undefined` means every project, `[]` means none. */
  projectIds?: readonly number[];
  /** Any of these types. */
  types?: readonly string[];
  /** Any of these concepts. */
  concepts?: readonly string[];
  /** A path in files_read or files_modified: a glob when it holds `*`, `?` or `[`, else a substring. */
  file?: string;
  /** Inclusive lower bound on created_at (ISO 8601, UTC). */
  since?: string;
  /** Exclusive upper bound on created_at (ISO 8601, UTC). */
  until?: string;
  sessionId?: number;
  /**
   * Whose records (team memory): `mine` = recorded on this machine, `team` = pulled from
   * teammates through the team server. Prompts are always this machine's own.
   */
  author?: 'mine' | 'team';
  /** Merged near-duplicates are hidden behind their survivor unless asked for (export). */
  includeMerged?: boolean;
}

export interface SqlFragment {
  where: string[];
  args: unknown[];
}

/** What narrows any record: project, date and session (summaries have nothing more). */
export type ScopeFilter = Pick<ObservationFilter, 'projectIds' | 'since' | 'until' | 'sessionId' | 'author'>;

/** SQL conditions on the observations table aliased `o`. */
export function observationFilterSql(f: ObservationFilter): SqlFragment {
  const { where, args } = scopeFilterSql(f, 'o');
  if (!f.includeMerged) where.push('o.merged_into IS NULL');
  if (f.types?.length) {
    where.push(`o.type IN (${marks(f.types)})`);
    args.push(...f.types);
  }
  if (f.concepts?.length) {
    where.push(`EXISTS (SELECT 1 FROM json_each(o.concepts) c WHERE c.value IN (${marks(f.concepts)}))`);
    args.push(...f.concepts);
  }
  if (f.file) {
    const files = `(SELECT value FROM json_each(o.files_read) UNION ALL SELECT value FROM json_each(o.files_modified))`;
    if (/[*?[]/.test(f.file)) {
      // A relative glob also matches the tail of an absolute path: `src/*.ts` finds `/repo/src/a.ts`.
      where.push(`EXISTS (SELECT 1 FROM ${files} WHERE value GLOB ? OR value GLOB ?)`);
      args.push(f.file, f.file.startsWith('/') || f.file.startsWith('*') ? f.file : `*/${f.file}`);
    } else {
      where.push(`EXISTS (SELECT 1 FROM ${files} WHERE instr(value, ?) > 0)`);
      args.push(f.file);
    }
  }
  return { where, args };
}

/**
 * Project, date and session conditions on a table aliased `alias` that has `project_id`,
 * `created_at` and `session_id` (observations, summaries).
 */
export function scopeFilterSql(f: ScopeFilter, alias: string): SqlFragment {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.projectIds) {
    where.push(f.projectIds.length ? `${alias}.project_id IN (${marks(f.projectIds)})` : '0');
    args.push(...f.projectIds);
  }
  if (f.since) {
    where.push(`${alias}.created_at >= ?`);
    args.push(f.since);
  }
  if (f.until) {
    where.push(`${alias}.created_at < ?`);
    args.push(f.until);
  }
  if (f.sessionId !== undefined) {
    where.push(`${alias}.session_id = ?`);
    args.push(f.sessionId);
  }
  if (f.author) {
    // Prompts have no author column: they never leave the machine, so they are all "mine".
    const hasAuthor = alias !== 'p';
    if (f.author === 'mine') {
      if (hasAuthor) where.push(`${alias}.author IS NULL`);
    } else where.push(hasAuthor ? `${alias}.author IS NOT NULL` : '0');
  }
  return { where, args };
}

export function marks(values: readonly unknown[]): string {
  return values.map(() => '?').join(',');
}

export function whereClause(where: string[]): string {
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

const statements = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement reused per connection: search runs dozens of small FTS queries per
 * request, and preparing each one again costs more than running it.
 */
export function cached(db: Db, sql: string): Statement {
  let byDb = statements.get(db);
  if (!byDb) statements.set(db, (byDb = new Map()));
  let stmt = byDb.get(sql);
  if (!stmt) {
    if (byDb.size > 500) byDb.clear();
    stmt = db.prepare(sql);
    byDb.set(sql, stmt);
  }
  return stmt;
}
