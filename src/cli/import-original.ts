import { existsSync } from 'node:fs';
import { CONCEPTS, OBSERVATION_TYPES, type ObservationDraft, type ObservationType, type SummaryDraft } from '../contracts';
import { listSetting, type Config } from '../config';
import { isExcludedProject, sanitize } from '../privacy';
import {
  importedProjectId,
  importKey,
  insertImportedPrompt,
  insertImportedSession,
  insertObservation,
  insertSummary,
  IMPORT_HOST,
  ledgerIds,
  openStore,
  recordLedger,
  type Db,
  type ImportKind,
  type OriginalRow,
  type OriginalSource,
} from '../store';

/** What one run did (or, with --dry-run, would do). Counts add up: inSource = imported + partial + skipped + already. */
export interface ImportReport {
  source: string;
  path: string;
  dryRun: boolean;
  tables: Record<ImportKind, { inSource: number; imported: number; partial: number; skipped: number; already: number }>;
  /** Rows imported by this run, per original project name. */
  projects: Record<string, Record<ImportKind, number>>;
  /** Why rows were skipped, with how many and the first original ids. */
  skipped: Array<{ kind: ImportKind; reason: string; count: number; ids: number[] }>;
  partial: Array<{ kind: ImportKind; reason: string; count: number; ids: number[] }>;
  /** Rows whose text lost `<private>` content or secret-shaped strings on the way in. */
  redacted: number;
}

export interface ImportOptions {
  dryRun: boolean;
  batchSize: number;
  now: string;
  onProgress?: (done: number, total: number) => void;
  /** For CLAUDE_MEM_EXCLUDED_PROJECTS globs starting with `~/`. */
  home: string;
  /** Test hook (CLAUDE_MEM_TEST_IMPORT_STALL_AFTER): after this many batches, call onStall inside the next one's transaction. */
  stallAfter?: number;
  onStall?: () => void;
}

const KINDS: ImportKind[] = ['session', 'prompt', 'observation', 'summary'];
const LISTED_IDS = 10;

type Outcome =
  | { skip: string }
  | { project: string; notes: string[]; redacted: boolean; write: (db: Db, projectId: number) => number | undefined; extra?: Record<string, unknown> };

/**
 * Bring the original's rows into our store, kind by kind, in batch transactions that write the
 * rows and their ledger entries together: a killed run loses at most its open batch, and the next
 * run skips everything the ledger holds (including rows forgotten since).
 */
export function importOriginal(src: OriginalSource, db: Db | undefined, cfg: Config, opts: ImportOptions): ImportReport {
  const source = `claude-mem:${src.fingerprint}`;
  const redact = cfg.settings.CLAUDE_MEM_REDACT_SECRETS;
  const globs = listSetting(cfg.settings.CLAUDE_MEM_EXCLUDED_PROJECTS);
  const report: ImportReport = {
    source,
    path: src.path,
    dryRun: opts.dryRun,
    tables: Object.fromEntries(KINDS.map((k) => [k, { inSource: 0, imported: 0, partial: 0, skipped: 0, already: 0 }])) as ImportReport['tables'],
    projects: {},
    skipped: [],
    partial: [],
    redacted: 0,
  };
  const total = src.counts.sessions + src.counts.prompts + src.counts.observations + src.counts.summaries;
  let done = 0;
  let batches = 0;
  const stallAfter = opts.stallAfter;

  // Original session ids → ours, filled as sessions are handled (-1: would be created, dry run).
  const byDbId = new Map<number, number | null>();
  const byMemoryId = new Map<string, number | null>();
  const byContentId = new Map<string, number | null>();
  const sessionProject = new Map<number, string>();
  const ourSession = (key: string): number | null =>
    db ? ((db.prepare('SELECT id FROM sessions WHERE host = ? AND host_session_id = ?').get(IMPORT_HOST, key) as { id: number } | undefined)?.id ?? null) : null;

  const note = (list: ImportReport['skipped'], kind: ImportKind, reason: string, id: number) => {
    let entry = list.find((e) => e.kind === kind && e.reason === reason);
    if (!entry) list.push((entry = { kind, reason, count: 0, ids: [] }));
    entry.count++;
    if (entry.ids.length < LISTED_IDS) entry.ids.push(id);
  };

  for (const kind of KINDS) {
    const seen = db ? ledgerIds(db, source, kind) : new Map<number, number | null>();
    const t = report.tables[kind];
    let batch: Array<{ id: number; outcome: Exclude<Outcome, { skip: string }> }> = [];
    const flush = () => {
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      batches++;
      if (!db || opts.dryRun) return;
      db.transaction(() => {
        for (const { id, outcome } of rows) {
          const projectId = importedProjectId(db, outcome.project, opts.now);
          const targetId = outcome.write(db, projectId) ?? null;
          recordLedger(db, {
            source,
            kind,
            sourceId: id,
            targetId,
            projectName: outcome.project,
            status: outcome.notes.length ? 'partial' : 'imported',
            note: outcome.notes.join('; ') || null,
            extra: outcome.extra ?? null,
            now: opts.now,
          });
          if (kind === 'session') byDbId.set(id, targetId);
          if (stallAfter !== undefined && batches > stallAfter) opts.onStall?.();
        }
      }).immediate();
      opts.onProgress?.(done, total);
    };

    for (const row of src.rows(kind)) {
      done++;
      t.inSource++;
      const id = Number(row.id);
      if (kind === 'session') rememberSession(row, id);
      if (seen.has(id)) {
        t.already++;
        continue;
      }
      const outcome = map(kind, row, id);
      if ('skip' in outcome) {
        t.skipped++;
        note(report.skipped, kind, outcome.skip, id);
        continue;
      }
      if (outcome.notes.length) {
        t.partial++;
        for (const n of outcome.notes) note(report.partial, kind, n, id);
      } else t.imported++;
      if (outcome.redacted) report.redacted++;
      const p = (report.projects[outcome.project] ??= { session: 0, prompt: 0, observation: 0, summary: 0 });
      p[kind]++;
      if (kind === 'session') byDbId.set(id, -1);
      batch.push({ id, outcome });
      if (batch.length >= opts.batchSize) flush();
    }
    flush();
    // Sessions handled in this run now have ids; the lookups below need them.
    if (kind === 'session') resolveSessions();
  }
  return report;

  function rememberSession(row: OriginalRow, id: number): void {
    sessionProject.set(id, projectName(str(row.project)) ?? '');
  }

  function resolveSessions(): void {
    for (const [id] of sessionProject) {
      const ours = ourSession(importKey(source, 'session', id)) ?? (byDbId.get(id) === -1 ? -1 : null);
      byDbId.set(id, ours);
    }
    for (const row of src.rows('session')) {
      const ours = byDbId.get(Number(row.id)) ?? null;
      const mem = str(row.memory_session_id);
      const content = str(row.content_session_id);
      if (mem) byMemoryId.set(mem, ours);
      if (content) byContentId.set(content, ours);
    }
  }

  function excluded(name: string): boolean {
    return globs.length > 0 && isExcludedProject({ root: name, name }, globs, opts.home);
  }

  function map(kind: ImportKind, row: OriginalRow, id: number): Outcome {
    if (kind === 'session') return mapSession(row, id);
    if (kind === 'prompt') return mapPrompt(row);
    if (kind === 'observation') return mapObservation(row, id);
    return mapSummary(row, id);
  }

  function mapSession(row: OriginalRow, id: number): Outcome {
    const project = projectName(str(row.project));
    if (!project) return { skip: 'no project name' };
    if (excluded(project)) return { skip: 'project excluded by CLAUDE_MEM_EXCLUDED_PROJECTS' };
    const startedAt = date(row.started_at);
    if (!startedAt) return { skip: 'no start date' };
    const status = str(row.status);
    return {
      project,
      notes: [],
      redacted: false,
      extra: {
        contentSessionId: str(row.content_session_id),
        memorySessionId: str(row.memory_session_id),
        platformSource: str(row.platform_source),
        status,
      },
      write: (d, projectId) =>
        insertImportedSession(d, {
          hostSessionId: importKey(source, 'session', id),
          projectId,
          startedAt,
          endedAt: date(row.completed_at),
          endReason: status && status !== 'active' ? status : null,
          promptCount: num(row.prompt_counter) ?? 0,
        }),
    };
  }

  function mapPrompt(row: OriginalRow): Outcome {
    const dbId = num(row.session_db_id);
    const content = str(row.content_session_id);
    const sessionId = (dbId !== null ? byDbId.get(dbId) : undefined) ?? (content ? byContentId.get(content) : undefined) ?? null;
    const project = dbId !== null ? sessionProject.get(dbId) : undefined;
    if (sessionId === null || !project) return { skip: 'its session is not in the original, or was forgotten here' };
    if (excluded(project)) return { skip: 'project excluded by CLAUDE_MEM_EXCLUDED_PROJECTS' };
    const raw = str(row.prompt_text) ?? '';
    const text = sanitize(raw, { redact }).trim();
    if (!text) return { skip: raw ? 'only <private> content' : 'empty prompt' };
    const promptNumber = num(row.prompt_number);
    if (promptNumber === null) return { skip: 'no prompt number' };
    const createdAt = date(row.created_at) ?? opts.now;
    return {
      project,
      notes: [],
      redacted: text !== raw.trim(),
      write: (d, projectId) => insertImportedPrompt(d, { sessionId, projectId, promptNumber, text, createdAt }),
    };
  }

  function mapObservation(row: OriginalRow, id: number): Outcome {
    const rawProject = str(row.merged_into_project) ?? str(row.project);
    const project = projectName(rawProject);
    if (!project) return { skip: 'no project name' };
    if (excluded(project)) return { skip: 'project excluded by CLAUDE_MEM_EXCLUDED_PROJECTS' };
    const notes: string[] = [];
    const text = columnText(row, notes);
    const list = (col: string) => parseJsonList(row[col], col, notes);
    const rawType = str(row.type) ?? '';
    let type: ObservationType = 'change';
    if ((OBSERVATION_TYPES as readonly string[]).includes(rawType)) type = rawType as ObservationType;
    else notes.push(`type "${rawType}" stored as change`);
    const narrative = text('narrative') || (str(row.text) ?? '');
    const subtitle = text('subtitle');
    let title = text('title');
    if (!title) title = (subtitle || narrative).split('\n')[0]?.slice(0, 120) ?? '';
    const facts = list('facts');
    if (!title && !narrative && facts.length === 0) return { skip: 'no title, narrative or facts' };
    const files = (col: string) => list(col).map((f) => relativeTo(f, [rawProject?.split('/').pop() ?? project, project]));
    const draft: ObservationDraft = {
      type,
      title,
      subtitle,
      facts,
      narrative,
      concepts: list('concepts').filter((c) => (CONCEPTS as readonly string[]).includes(c)),
      filesRead: files('files_read'),
      filesModified: files('files_modified'),
    };
    const extra = { agentType: str(row.agent_type) };
    return recordOutcome(row, project, notes, draft, extra, (d, clean, keys) =>
      insertObservation(d, {
        ...clean,
        ...keys,
        uid: importKey(source, 'observation', id),
        model: str(row.generated_by_model),
        inputTokens: num(row.discovery_tokens) ?? 0,
      }),
    );
  }

  function mapSummary(row: OriginalRow, id: number): Outcome {
    const project = projectName(str(row.merged_into_project) ?? str(row.project));
    if (!project) return { skip: 'no project name' };
    if (excluded(project)) return { skip: 'project excluded by CLAUDE_MEM_EXCLUDED_PROJECTS' };
    const notes: string[] = [];
    // Notes are often empty in the original; the other fields are always written by its model.
    const field = columnText(row, notes);
    const draft: SummaryDraft = {
      request: field('request'),
      investigated: field('investigated'),
      learned: field('learned'),
      completed: field('completed'),
      nextSteps: field('next_steps'),
      notes: field('notes', true),
    };
    if (!Object.values(draft).some((v) => v.trim())) return { skip: 'every field empty' };
    return recordOutcome(row, project, notes, draft, {}, (d, clean, keys) =>
      insertSummary(d, { ...clean, ...keys, uid: importKey(source, 'summary', id), model: null }),
    );
  }

  /**
   * What an observation and a summary share once mapped: secrets redacted, the ledger's extra, and
   * the keys of the stored record (its session through the original's memory session id).
   */
  function recordOutcome<D extends ObservationDraft | SummaryDraft>(
    row: OriginalRow,
    project: string,
    notes: string[],
    draft: D,
    extra: Record<string, unknown>,
    write: (db: Db, clean: D, keys: RecordKeys) => number | undefined,
  ): Outcome {
    const clean = sanitize(draft, { redact });
    const createdAt = date(row.created_at) ?? opts.now;
    const mem = str(row.memory_session_id);
    const sessionId = mem ? (byMemoryId.get(mem) ?? null) : null;
    return {
      project,
      notes,
      redacted: JSON.stringify(clean) !== JSON.stringify(draft),
      extra: { discoveryTokens: num(row.discovery_tokens) ?? 0, memorySessionId: mem, ...extra },
      write: (d, projectId) =>
        write(d, clean, {
          projectId,
          sessionId: sessionId === -1 ? null : sessionId,
          promptNumber: num(row.prompt_number),
          createdAt,
          origin: 'model',
        }),
    };
  }
}

interface RecordKeys {
  projectId: number;
  sessionId: number | null;
  promptNumber: number | null;
  createdAt: string;
  origin: 'model';
}

/** A text column of a row: NULL becomes '' and is noted as missing, unless the column is optional. */
function columnText(row: OriginalRow, notes: string[]) {
  return (col: string, optional = false): string => {
    const v = row[col];
    if (v === null || v === undefined) {
      if (!optional) notes.push(`${col} missing`);
      return '';
    }
    return String(v);
  };
}

/** Our database for a dry run: read-only when it exists (never created), else none. */
export function openForDryRun(cfg: Config): Db | undefined {
  return existsSync(cfg.paths.dbPath) ? openStore(cfg.paths.dbPath, { readonly: true }) : undefined;
}

/**
 * The original names a worktree's project `<repo>/<worktree folder>`; ours maps a worktree to its
 * main repository, so those records join the `<repo>` project.
 */
function projectName(original: string | null): string | null {
  return original?.split('/')[0]?.trim() || null;
}

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s ? s : null;
}

function num(v: unknown): number | null {
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : null;
}

function date(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** A JSON list column: a JSON array of strings; a bare string is kept as one item (partial). */
function parseJsonList(v: unknown, col: string, notes: string[]): string[] {
  if (v === null || v === undefined) {
    notes.push(`${col} missing`);
    return [];
  }
  const text = String(v).trim();
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    void err; // not JSON: keep the text itself, the usable part
    notes.push(`${col} is not JSON`);
    return [text];
  }
  if (!Array.isArray(parsed)) {
    notes.push(`${col} is not a JSON list`);
    return typeof parsed === 'string' && parsed.trim() ? [parsed] : [];
  }
  const items = parsed.filter((x): x is string | number => typeof x === 'string' || typeof x === 'number').map(String);
  if (items.length !== parsed.length) notes.push(`${col} has items that are not text`);
  return items.filter((s) => s.trim());
}

/** The original stores absolute paths; ours are relative to the project when they lie inside it. */
function relativeTo(file: string, folders: string[]): string {
  if (!file.startsWith('/')) return file;
  for (const folder of folders) {
    const marker = `/${folder}/`;
    const at = file.indexOf(marker);
    if (at >= 0) return file.slice(at + marker.length);
  }
  return file;
}
