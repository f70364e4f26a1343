import { z } from 'zod';
import { resolveProject } from '../config';
import { MemError, OBSERVATION_TYPES } from '../contracts';
import { findProjectByRoot, findProjects, listProjects, type Db, type ObservationFilter } from '../store';

/** Result orders: `relevance` ranks; the others sort the chosen page by date. */
export const SEARCH_ORDERS = ['relevance', 'newest', 'oldest'] as const;
export type SearchOrder = (typeof SEARCH_ORDERS)[number];

/** The kinds of record a search can be limited to (`type: "prompts"` and so on). */
export type RecordKind = 'observations' | 'summaries' | 'prompts';
const RECORD_KINDS = new Map<string, RecordKind>([
  ['observations', 'observations'],
  ['summaries', 'summaries'],
  ['sessions', 'summaries'], // the original claude-mem's word
  ['prompts', 'prompts'],
]);

/**
 * What a caller (MCP tool, CLI, worker HTTP API, viewer) may ask for, before resolution: project
 * names, date words. `resolveSearchParams` turns it into ids and ISO bounds, or a `validation`
 * error that names the bad value: a filter is never silently dropped.
 */
export const searchInputSchema = z.object({
  query: z.string().max(2000).optional().describe('Natural-language question or keywords; empty lists the newest.'),
  project: z
    .string()
    .optional()
    .describe('Project name or root path. Defaults to the current project; "*" searches every project.'),
  allProjects: z.boolean().optional().describe('Search every project (same as project "*").'),
  type: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe(
      `Only these observation types: ${OBSERVATION_TYPES.join(', ')}. Or one kind of record: ` +
        '"observations" (no turn summaries), "summaries" (alias "sessions"), or "prompts" (what the user typed).',
    ),
  concepts: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('Only observations tagged with any of these concepts (e.g. gotcha, pattern).'),
  file: z.string().optional().describe('A file path substring, or a glob like "src/**/*.ts", read or modified.'),
  since: z.string().optional().describe('From this date: YYYY-MM-DD, an ISO timestamp, or "7d"/"2w"/"3m" ago.'),
  until: z.string().optional().describe('Before this date (a day is included whole): same formats as since.'),
  sessionId: z.number().int().positive().optional().describe('Only this session (local id).'),
  author: z
    .enum(['mine', 'team', 'all'])
    .optional()
    .describe('Team memory: "mine" = recorded on this machine, "team" = shared by teammates (each hit names its author), "all" (default) = both.'),
  limit: z.number().int().min(1).max(200).optional().describe('Most hits to return (default 20).'),
  offset: z.number().int().min(0).max(10_000).optional().describe('Skip this many hits (paging).'),
  order: z
    .enum(SEARCH_ORDERS)
    .optional()
    .describe('relevance (default), newest or oldest first. It orders the page; the query still picks which records are on it.'),
});
export type SearchInput = z.infer<typeof searchInputSchema>;

/** Resolved search parameters: what `searchMemory` takes. */
export interface SearchParams extends ObservationFilter {
  query: string;
  limit: number;
  offset: number;
  /** `relevance` when absent. */
  order?: SearchOrder;
  /** Search only this kind of record; absent: observations, plus a few turn summaries. */
  records?: RecordKind;
}

export interface ResolveContext {
  /** Working directory whose project is the default scope. */
  cwd: string;
  now: Date;
}

export function resolveSearchParams(db: Db, input: SearchInput, ctx: ResolveContext): SearchParams {
  const { types, records } = splitTypes(list(input.type));
  const since = input.since ? parseDateBound(input.since, ctx.now, 'since') : undefined;
  const until = input.until ? parseDateBound(input.until, ctx.now, 'until') : undefined;
  const concepts = list(input.concepts);
  const projectIds = resolveProjectIds(db, input, ctx.cwd);
  if ((records === 'prompts' || records === 'summaries') && (concepts.length || input.file)) {
    throw new MemError('validation', `${records} have no concepts or files to filter on.`, {
      hint: 'Drop concepts/file, or search observations.',
    });
  }
  return {
    query: input.query ?? '',
    limit: input.limit ?? 20,
    offset: input.offset ?? 0,
    ...(projectIds ? { projectIds } : {}),
    ...(types.length ? { types } : {}),
    ...(concepts.length ? { concepts } : {}),
    ...(input.file ? { file: input.file } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...(input.sessionId !== undefined ? { sessionId: input.sessionId } : {}),
    ...(input.author && input.author !== 'all' ? { author: input.author } : {}),
    ...(input.order && input.order !== 'relevance' ? { order: input.order } : {}),
    ...(records ? { records } : {}),
  };
}

/**
 * `type` holds observation types, or one kind of record (the original claude-mem's `type`):
 * observation types imply observations, and a kind that cannot hold them is an error.
 */
function splitTypes(values: string[]): { types: string[]; records?: RecordKind } {
  const kinds = [...new Set(values.flatMap((v) => RECORD_KINDS.get(v.toLowerCase()) ?? []))];
  const types = values.filter((v) => !RECORD_KINDS.has(v.toLowerCase()));
  const unknown = types.filter((t) => !(OBSERVATION_TYPES as readonly string[]).includes(t));
  if (unknown.length) {
    throw new MemError('validation', `Unknown observation type "${unknown.join('", "')}".`, {
      hint: `Use one of: ${OBSERVATION_TYPES.join(', ')}; or one of observations, summaries, prompts.`,
    });
  }
  const [kind, ...more] = kinds;
  if (more.length || (types.length && kind !== undefined && kind !== 'observations')) {
    throw new MemError('validation', `type mixes kinds of record: ${values.join(', ')}.`, {
      hint: 'Search one kind at a time (observations, summaries or prompts); observation types go with observations only.',
    });
  }
  return kind ? { types, records: kind } : { types };
}

/**
 * The projects a request covers: every one (`undefined`), the named one(s), or the project of
 * `cwd` (an empty list when nothing was recorded there yet). An unknown name is an error.
 */
export function resolveProjectIds(
  db: Db,
  input: { project?: string | undefined; allProjects?: boolean | undefined },
  cwd: string,
): number[] | undefined {
  if (input.allProjects || input.project === '*' || input.project === 'all') return undefined;
  if (input.project) {
    const found = findProjects(db, input.project);
    if (found.length === 0) {
      const known = listProjects(db).map((p) => p.name);
      throw new MemError('not_found', `No project named "${input.project}" has any memory.`, {
        hint: known.length ? `Known projects: ${[...new Set(known)].join(', ')}.` : 'Nothing has been recorded yet.',
      });
    }
    return found.map((p) => p.id);
  }
  const here = findProjectByRoot(db, resolveProject(cwd).root);
  return here ? [here.id] : [];
}

/**
 * `YYYY-MM-DD` (a whole UTC day: `until` includes it), an ISO timestamp, or a relative age
 * (`90m`, `12h`, `7d`, `2w`, `3mo`/`3m` months, `1y`) → ISO 8601 UTC.
 */
export function parseDateBound(text: string, now: Date, which: 'since' | 'until'): string {
  const s = text.trim();
  const rel = /^(\d+)\s*(min|h|d|w|m|mo|y)$/i.exec(s);
  if (rel) {
    const n = Number(rel[1]);
    const unit = (rel[2] as string).toLowerCase();
    const d = new Date(now);
    if (unit === 'min') d.setUTCMinutes(d.getUTCMinutes() - n);
    else if (unit === 'h') d.setUTCHours(d.getUTCHours() - n);
    else if (unit === 'd') d.setUTCDate(d.getUTCDate() - n);
    else if (unit === 'w') d.setUTCDate(d.getUTCDate() - 7 * n);
    else if (unit === 'y') d.setUTCFullYear(d.getUTCFullYear() - n);
    else d.setUTCMonth(d.getUTCMonth() - n);
    return d.toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const day = new Date(`${s}T00:00:00.000Z`);
    if (!Number.isNaN(day.getTime())) {
      if (which === 'until') day.setUTCDate(day.getUTCDate() + 1);
      return day.toISOString();
    }
  }
  const t = /^\d{4}-\d{2}-\d{2}T/.test(s) ? new Date(s) : new Date(NaN);
  if (Number.isNaN(t.getTime())) {
    throw new MemError('validation', `"${text}" is not a date (${which}).`, {
      hint: 'Use YYYY-MM-DD, an ISO timestamp like 2025-01-31T12:00:00Z, or an age like 7d, 2w, 3mo.',
    });
  }
  return t.toISOString();
}

function list(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}
