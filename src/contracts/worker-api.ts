import { z } from 'zod';
import { ERROR_KINDS } from './errors';
import { FAILURE_KINDS } from './failures';
import { OBSERVATION_TYPES, ORIGINS, QUEUE_STATES } from './records';

/**
 * What every route of the worker's HTTP API answers (docs/ARCHITECTURE.md "Worker API"). The
 * routes build their answers `satisfies` these types, the CLI parses with the schemas instead of
 * casting, and the viewer imports the types only (zod stays out of the browser bundle).
 * `test/unit/worker-api-contract.test.ts` parses each real answer with its schema.
 */

// ── records ────────────────────────────────────────────────────────────────────────────────

const staleFileSchema = z.object({
  path: z.string(),
  change: z.enum(['changed', 'deleted']),
  at: z.string().nullable(),
});

const memoryMarksSchema = z.object({
  stale: z.array(staleFileSchema).optional(),
  unknown: z.array(z.string()).optional(),
  commit: z.string().optional(),
  supersededBy: z.number().optional(),
  supersedes: z.array(z.number()).optional(),
  mergedInto: z.number().optional(),
  merged: z
    .object({ count: z.number(), ids: z.array(z.number()), dates: z.array(z.string()) })
    .optional(),
});

/** `StoredRecordKeys` (records.ts) on the wire: what observations and summaries share. */
const recordKeysSchema = z.object({
  id: z.number(),
  uid: z.string(),
  projectId: z.number(),
  project: z.string(),
  sessionId: z.number().nullable(),
  promptNumber: z.number().nullable(),
  createdAt: z.string(),
  origin: z.enum(ORIGINS),
  author: z.string().optional(),
});

/** `Observation` (records.ts) on the wire. */
export const observationSchema = recordKeysSchema.extend({
  model: z.string().nullable(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  type: z.enum(OBSERVATION_TYPES),
  title: z.string(),
  subtitle: z.string(),
  facts: z.array(z.string()),
  narrative: z.string(),
  concepts: z.array(z.string()),
  filesRead: z.array(z.string()),
  filesModified: z.array(z.string()),
  memory: memoryMarksSchema.optional(),
});

/** `Summary` (records.ts) on the wire. */
export const summarySchema = recordKeysSchema.extend({
  request: z.string(),
  investigated: z.string(),
  learned: z.string(),
  completed: z.string(),
  nextSteps: z.string(),
  notes: z.string(),
});

/** A user prompt with its project's display name. */
export const promptSchema = z.object({
  id: z.number(),
  sessionId: z.number(),
  projectId: z.number(),
  promptNumber: z.number(),
  text: z.string(),
  createdAt: z.string(),
  project: z.string(),
});
export type ApiPrompt = z.infer<typeof promptSchema>;

export const projectSchema = z.object({
  id: z.number(),
  root: z.string(),
  name: z.string(),
  createdAt: z.string(),
  observations: z.number(),
});
export type ApiProject = z.infer<typeof projectSchema>;

// ── errors ─────────────────────────────────────────────────────────────────────────────────

/** Kinds an HTTP error body may carry: every error kind plus the few only the HTTP edge has. */
export const HTTP_ERROR_KINDS = [
  ...ERROR_KINDS,
  'forbidden',
  'too_many',
  'too_large',
  'confirmation_required',
] as const;
export type HttpErrorKind = (typeof HTTP_ERROR_KINDS)[number];

/** Every non-2xx JSON answer: `{error: {kind, message, hint?}}`. */
export const apiErrorSchema = z.object({
  error: z.object({
    kind: z.enum(HTTP_ERROR_KINDS),
    message: z.string(),
    hint: z.string().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** The 428 a risky change from the viewer gets until `claude-mem confirm` gives a code. */
export const confirmationRequiredSchema = apiErrorSchema.extend({
  confirmation: z.object({
    target: z.enum(['setting', 'credential']),
    key: z.string(),
    display: z.string(),
    reason: z.string(),
  }),
});
export type ConfirmationRequired = z.infer<typeof confirmationRequiredSchema>;

// ── status ─────────────────────────────────────────────────────────────────────────────────

export const embeddingsStateSchema = z.object({
  model: z.string(),
  remaining: z.number(),
  embedded: z.number(),
  /** Vectors of this model in the database: "all embedded" is only true when this is above 0. */
  stored: z.number(),
  /** A backfill pass has finished (before that, `remaining` is not known yet). */
  checked: z.boolean(),
  lastError: z
    .object({ kind: z.enum(ERROR_KINDS), message: z.string(), at: z.string(), fix: z.string() })
    .nullable(),
  /** The next batch waits until then (the backoff, or longer when the endpoint sent Retry-After). */
  retryAt: z.string().nullable(),
});
export type EmbeddingsStatus = z.infer<typeof embeddingsStateSchema>;

/**
 * `GET /api/status`, `claude-mem status --json` and the viewer's health page. Never carries a
 * secret: only the provider, model and base URL *host*. Each error carries the fix to show with it.
 */
export const workerStatusSchema = z.object({
  running: z.boolean(),
  pid: z.number().nullable(),
  port: z.number().nullable(),
  version: z.string(),
  startedAt: z.string().nullable(),
  /** CLAUDE_MEM_WORKER_PORT when another process holds it (the worker then listens on `port`). */
  heldPort: z.number().nullable(),
  /** Seconds since the worker started. */
  uptime: z.number().nullable(),
  dataDir: z.string(),
  provider: z.string(),
  model: z.string(),
  baseUrlHost: z.string().nullable(),
  queue: z.object(
    Object.fromEntries(QUEUE_STATES.map((s) => [s, z.number()])) as Record<
      (typeof QUEUE_STATES)[number],
      z.ZodNumber
    >,
  ),
  /** Model tokens (input + output) used today (UTC). */
  tokensToday: z.number(),
  usageToday: z.object({ calls: z.number(), inputTokens: z.number(), outputTokens: z.number() }),
  dailyBudget: z.number(),
  budgetSpent: z.boolean(),
  paused: z
    .object({ kind: z.enum(FAILURE_KINDS), message: z.string(), at: z.string(), fix: z.string() })
    .nullable(),
  pausedReason: z.string().nullable(),
  /** Model calls wait for a retry delay until then. */
  retryAfter: z.string().nullable(),
  lastError: z
    .object({
      kind: z.enum(FAILURE_KINDS),
      status: z.number().nullable(),
      message: z.string(),
      requestId: z.string().nullable(),
      at: z.string(),
      fix: z.string(),
    })
    .nullable(),
  /** Semantic-search backfill progress; null when embeddings are off or the worker is stopped. */
  embeddings: embeddingsStateSchema.nullable(),
  /** Older records still waiting for their related words (the worker indexes them in the background). */
  reindexing: z.number(),
  warnings: z.array(z.string()),
});
export type WorkerStatus = z.infer<typeof workerStatusSchema>;

// ── one schema per route ───────────────────────────────────────────────────────────────────

export const healthSchema = z.object({ ok: z.literal(true), version: z.string() });
export const okSchema = z.object({ ok: z.literal(true) });
export const loginCodeSchema = z.object({
  code: z.string(),
  expiresAt: z.string(),
  url: z.string(),
});
/** Keyset pages, newest first: `nextBefore` is the `before=` of the next page, null at the end. */
export const observationsPageSchema = z.object({
  observations: z.array(observationSchema),
  nextBefore: z.number().nullable(),
});
export const summariesPageSchema = z.object({
  summaries: z.array(summarySchema),
  nextBefore: z.number().nullable(),
});
export const promptsPageSchema = z.object({
  prompts: z.array(promptSchema),
  nextBefore: z.number().nullable(),
});
export const deletedSchema = z.object({ deleted: z.number() });
export const projectsSchema = z.object({ projects: z.array(projectSchema) });
export const projectDeletedSchema = z.object({
  deleted: z.number(),
  observations: z.number(),
  summaries: z.number(),
});

const settingValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export type ApiSettingValue = z.infer<typeof settingValueSchema>;
export const settingRowSchema = z.object({
  key: z.string(),
  value: settingValueSchema,
  source: z.enum(['env', 'file', 'default']),
  doc: z.string(),
  expected: z.string(),
  default: settingValueSchema,
  choices: z.array(z.string()).optional(),
});
export const credentialRowSchema = z.object({
  key: z.string(),
  display: z.string(),
  set: z.boolean(),
});
export const settingsSchema = z.object({
  settingsPath: z.string(),
  envPath: z.string(),
  settings: z.array(settingRowSchema),
  credentials: z.array(credentialRowSchema),
  warnings: z.array(z.string()),
});
export const settingSavedSchema = z.object({
  clearedCredentials: z.array(z.string()),
  key: z.string(),
  value: settingValueSchema,
  source: z.enum(['env', 'file']),
  envOverrides: z.boolean(),
  restartRequired: z.literal(true),
});
export const credentialSavedSchema = credentialRowSchema.extend({
  clearedCredentials: z.array(z.string()),
  restartRequired: z.literal(true),
});
export const confirmationCodeSchema = z.object({
  code: z.string(),
  expiresAt: z.string(),
  ttlSeconds: z.number(),
  change: z.object({
    target: z.enum(['setting', 'credential']),
    key: z.string(),
    display: z.string(),
    reason: z.string(),
  }),
});
export const dailyStatsSchema = z.object({
  days: z.array(z.string()),
  observations: z.array(z.object({ day: z.string(), type: z.string(), n: z.number() })),
  usage: z.array(
    z.object({
      day: z.string(),
      calls: z.number(),
      inputTokens: z.number(),
      outputTokens: z.number(),
    }),
  ),
  budget: z.number(),
});
export const contextPreviewSchema = z.object({
  project: z.object({ id: z.number(), name: z.string() }).nullable(),
  text: z.string(),
  tokens: z.number(),
});

const searchHitSchema = z.object({
  id: z.number(),
  kind: z.literal('observation'),
  uid: z.string(),
  date: z.string(),
  type: z.string(),
  title: z.string(),
  snippet: z.string(),
  score: z.number(),
  project: z.string(),
  memory: memoryMarksSchema.optional(),
});
const summaryHitSchema = z.object({
  kind: z.literal('summary'),
  id: z.number(),
  date: z.string(),
  project: z.string(),
  title: z.string(),
  snippet: z.string(),
});
const promptHitSchema = z.object({
  kind: z.literal('prompt'),
  id: z.number(),
  date: z.string(),
  project: z.string(),
  sessionId: z.number(),
  promptNumber: z.number(),
  snippet: z.string(),
});
/** `GET /api/search`: the hits of `searchMemory`, plus the full records in hit order for the viewer's cards. */
export const searchAnswerSchema = z.object({
  hits: z.array(searchHitSchema),
  summaries: z.array(summaryHitSchema),
  prompts: z.array(promptHitSchema),
  mode: z.enum(['recent', 'keyword', 'hybrid']),
  warnings: z.array(z.string()),
  observations: z.array(observationSchema),
  summaryRecords: z.array(summarySchema),
});

export type Health = z.infer<typeof healthSchema>;
export type Ok = z.infer<typeof okSchema>;
export type ApiObservation = z.infer<typeof observationSchema>;
export type ApiSummary = z.infer<typeof summarySchema>;
export type LoginCode = z.infer<typeof loginCodeSchema>;
export type ObservationsPage = z.infer<typeof observationsPageSchema>;
export type SummariesPage = z.infer<typeof summariesPageSchema>;
export type PromptsPage = z.infer<typeof promptsPageSchema>;
export type Deleted = z.infer<typeof deletedSchema>;
export type ProjectsAnswer = z.infer<typeof projectsSchema>;
export type ProjectDeleted = z.infer<typeof projectDeletedSchema>;
export type SettingRow = z.infer<typeof settingRowSchema>;
export type CredentialRow = z.infer<typeof credentialRowSchema>;
export type SettingsAnswer = z.infer<typeof settingsSchema>;
export type SettingSaved = z.infer<typeof settingSavedSchema>;
export type CredentialSaved = z.infer<typeof credentialSavedSchema>;
export type ConfirmationCode = z.infer<typeof confirmationCodeSchema>;
export type DailyStats = z.infer<typeof dailyStatsSchema>;
export type ContextPreview = z.infer<typeof contextPreviewSchema>;
export type SearchAnswer = z.infer<typeof searchAnswerSchema>;

/**
 * One event of `GET /api/events` (Server-Sent Events): the SSE id (`obs:12`, `sum:3`,
 * `prompt:7`), the event name, and the full record as JSON.
 */
export type FeedEvent =
  | { id: string; event: 'observation'; data: ApiObservation }
  | { id: string; event: 'summary'; data: ApiSummary }
  | { id: string; event: 'prompt'; data: ApiPrompt };
export type FeedEventName = FeedEvent['event'];

/**
 * Every JSON route and the schema of its 2xx answer (SSE `/api/events` and the viewer's static
 * files are not JSON). The contract test walks this table.
 */
export const WORKER_ROUTES = {
  'GET /api/health': healthSchema,
  'POST /api/login-codes': loginCodeSchema,
  'GET /api/status': workerStatusSchema,
  'POST /api/nudge': okSchema,
  'GET /api/observations': observationsPageSchema,
  'GET /api/observations/:id': observationSchema,
  'DELETE /api/observations/:id': deletedSchema,
  'GET /api/projects': projectsSchema,
  'DELETE /api/projects/:id': projectDeletedSchema,
  'GET /api/summaries': summariesPageSchema,
  'GET /api/prompts': promptsPageSchema,
  'GET /api/settings': settingsSchema,
  'PUT /api/settings/:key': settingSavedSchema,
  'PUT /api/credentials/:key': credentialSavedSchema,
  'DELETE /api/credentials/:key': credentialSavedSchema,
  'POST /api/confirmations': confirmationCodeSchema,
  'GET /api/stats/daily': dailyStatsSchema,
  'GET /api/search': searchAnswerSchema,
  'GET /api/context/preview': contextPreviewSchema,
} as const;
export type WorkerRoute = keyof typeof WORKER_ROUTES;
