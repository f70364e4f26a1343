import { z } from 'zod';
import { OBSERVATION_TYPES } from './records';

/**
 * The team server's HTTP API (`/v1`), shared by `src/server/` and the worker's team client. A
 * project is named by its normalized git remote (see `normalizeRemote`), so two clones of one
 * repository on two machines meet in one project; the team comes from the API key, never the body.
 */

export const TEAM_API_VERSION = 'v1';
/** Most items one push may carry; a client with more sends several pushes. */
export const MAX_PUSH_ITEMS = 500;
/** Most changes one pull returns. */
export const MAX_PULL_LIMIT = 1000;

const uid = z.string().min(1).max(200);
const text = (max: number) => z.string().max(max);
const isoTime = z.string().min(1).max(64).refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO-8601 date-time');

export const teamObservationSchema = z.object({
  kind: z.literal('observation'),
  uid,
  type: z.enum(OBSERVATION_TYPES),
  title: text(2_000),
  subtitle: text(4_000).default(''),
  facts: z.array(text(4_000)).max(200).default([]),
  narrative: text(64_000).default(''),
  concepts: z.array(text(200)).max(50).default([]),
  filesRead: z.array(text(2_000)).max(500).default([]),
  filesModified: z.array(text(2_000)).max(500).default([]),
  createdAt: isoTime,
  /** Who wrote it (the pushing user's name is recorded by the server too). */
  author: text(200).optional(),
});
export type TeamObservation = z.infer<typeof teamObservationSchema>;

/** A summary's text fields, each up to 16,000 characters, empty when absent. */
const summaryText = Object.fromEntries(
  (['request', 'investigated', 'learned', 'completed', 'nextSteps', 'notes'] as const).map((f) => [f, text(16_000).default('')]),
) as Record<'request' | 'investigated' | 'learned' | 'completed' | 'nextSteps' | 'notes', z.ZodDefault<ReturnType<typeof text>>>;

export const teamSummarySchema = z.object({
  kind: z.literal('summary'),
  uid,
  ...summaryText,
  createdAt: isoTime,
  author: text(200).optional(),
});
export type TeamSummary = z.infer<typeof teamSummarySchema>;

/** `forget`: the record is removed from the server and every client that pulls drops it too. */
export const teamTombstoneSchema = z.object({
  kind: z.literal('tombstone'),
  uid,
  record: z.enum(['observation', 'summary']),
});
export type TeamTombstone = z.infer<typeof teamTombstoneSchema>;

export const teamItemSchema = z.discriminatedUnion('kind', [teamObservationSchema, teamSummarySchema, teamTombstoneSchema]);
export type TeamItem = z.infer<typeof teamItemSchema>;

export const pushRequestSchema = z.object({
  /** The project's git remote; the server normalizes it (so `git@host:a/b.git` = `https://host/a/b`). */
  project: z.string().min(1).max(1_000),
  items: z.array(teamItemSchema).min(1).max(MAX_PUSH_ITEMS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pushResponseSchema = z.object({
  project: z.string(),
  /** Items that changed something (new, or different from what the server had). */
  applied: z.number().int(),
  /** Items the server already had exactly so (a re-push after a lost answer). */
  unchanged: z.number().int(),
  /** The project's cursor after this push. */
  cursor: z.string(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullQuerySchema = z.object({
  project: z.string().min(1).max(1_000),
  /** Opaque: the `cursor` of the previous pull (`0` or absent for the beginning). */
  since: z.string().regex(/^\d{1,19}$/, 'a cursor from a previous pull').default('0'),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(MAX_PULL_LIMIT),
});
export type PullQuery = z.infer<typeof pullQuerySchema>;

/** One change in a pull: the record as it is now, or its tombstone. */
export const teamChangeSchema = z.object({
  cursor: z.string(),
  /** The user who last wrote it. */
  by: z.string(),
  item: teamItemSchema,
});
export type TeamChange = z.infer<typeof teamChangeSchema>;

export const pullResponseSchema = z.object({
  project: z.string(),
  changes: z.array(teamChangeSchema),
  /** Pass as `since` next time. Equal to `since` when nothing changed. */
  cursor: z.string(),
  /** More changes wait after `cursor`. */
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const searchQuerySchema = z.object({
  q: z.string().min(1).max(1_000),
  project: z.string().min(1).max(1_000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const searchHitSchema = z.object({
  project: z.string(),
  record: z.enum(['observation', 'summary']),
  uid: z.string(),
  title: z.string(),
  snippet: z.string(),
  rank: z.number(),
  createdAt: z.string(),
  by: z.string(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;
export const searchResponseSchema = z.object({ hits: z.array(searchHitSchema) });
export type SearchResponse = z.infer<typeof searchResponseSchema>;

export const healthResponseSchema = z.object({
  ok: z.literal(true),
  version: z.string(),
  apiVersion: z.literal(TEAM_API_VERSION),
  schemaVersion: z.number().int(),
  vector: z.boolean(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** Every non-2xx answer. */
export const teamErrorSchema = z.object({
  error: z.object({ kind: z.string(), message: z.string(), hint: z.string().optional() }),
});

/**
 * One name per repository, however it was cloned: lower-case host, no scheme, user, port, `.git`
 * or trailing slash. `git@github.com:Acme/App.git`, `https://github.com/Acme/App` and
 * `ssh://git@github.com:22/Acme/App.git` all become `github.com/Acme/App` (the path keeps its case:
 * some hosts are case-sensitive). Returns null for something that is not a remote.
 */
export function normalizeRemote(remote: string): string | null {
  let s = remote.trim();
  if (!s) return null;
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(s);
  let host: string;
  let path: string;
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    host = scp[1] as string;
    path = scp[2] as string;
  } else {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `https://${s}`;
    let u: URL;
    try {
      u = new URL(s);
    } catch (err) {
      void err; // not a URL: the caller reports it
      return null;
    }
    host = u.hostname;
    path = decodeURIComponent(u.pathname);
  }
  path = path.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/i, '').replace(/\/+$/, '');
  host = host.toLowerCase();
  if (!host || !path || /\s/.test(path)) return null;
  return `${host}/${path}`;
}
