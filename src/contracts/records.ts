import { z } from 'zod';
import type { FailureKind } from './failures';

/** What kind of work an observation records. Unknown types from a model map to `change`. */
export const OBSERVATION_TYPES = [
  'bugfix',
  'feature',
  'refactor',
  'change',
  'discovery',
  'decision',
] as const;
export type ObservationType = (typeof OBSERVATION_TYPES)[number];

export const CONCEPTS = [
  'how-it-works',
  'why-it-exists',
  'what-changed',
  'problem-solution',
  'gotcha',
  'pattern',
  'trade-off',
] as const;
export type Concept = (typeof CONCEPTS)[number];

/** Where an observation came from: the model, the deterministic raw builder, or a person. */
export const ORIGINS = ['model', 'raw', 'manual'] as const;
export type Origin = (typeof ORIGINS)[number];

/** An observation before it is stored: what the agent (or raw builder, or a person) produced. */
export interface ObservationDraft {
  type: ObservationType;
  title: string;
  subtitle: string;
  facts: string[];
  narrative: string;
  concepts: string[];
  filesRead: string[];
  filesModified: string[];
}

/** What every stored record of a turn carries. `uid` is stable across export/import; `id` is local. */
export interface StoredRecordKeys {
  id: number;
  uid: string;
  projectId: number;
  project: string;
  sessionId: number | null;
  promptNumber: number | null;
  createdAt: string;
  origin: Origin;
  /** A teammate's name when the record was pulled from the team server; absent for this machine's own. */
  author?: string;
}

/** A stored observation. */
export interface Observation extends ObservationDraft, StoredRecordKeys {
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  /** Whether the note is still worth trusting; absent when there is nothing to say. */
  memory?: MemoryMarks;
}

/** A file an observation read or modified that is no longer as it was when the note was stored. */
export interface StaleFile {
  path: string;
  change: 'changed' | 'deleted';
  /** When the change was seen: the file's mtime for a change, the first check that missed it for a deletion. */
  at: string | null;
}

/**
 * What recall tells about an observation besides its text (docs/search.md "stale, superseded, merged"):
 * files changed since it was stored, a newer note on the same files and topic, near-duplicates
 * merged into it (or the survivor it was merged into).
 */
export interface MemoryMarks {
  stale?: StaleFile[];
  /** Some files could not be checked (outside the repository, git or the file unreadable). */
  unknown?: string[];
  /** The repository HEAD when the note was stored (first 12 hex digits), if there was one. */
  commit?: string;
  supersededBy?: number;
  supersedes?: number[];
  mergedInto?: number;
  /** Near-duplicates merged into this one: how many times it was seen in all, and each record. */
  merged?: { count: number; ids: number[]; dates: string[] };
}

export interface SummaryDraft {
  request: string;
  investigated: string;
  learned: string;
  completed: string;
  nextSteps: string;
  notes: string;
}

/** A stored turn summary. */
export type Summary = SummaryDraft & StoredRecordKeys;

/** Queue states. `queued`/`processing` are live; the other three are terminal. */
export const QUEUE_STATES = ['queued', 'processing', 'compressed', 'raw', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];


/** What a hook puts in the queue: one tool use, or the end of a turn. */
export type QueuedPayload =
  | {
      kind: 'tool';
      toolName: string;
      toolInput: unknown;
      toolResponse: unknown;
      failed: boolean;
      cwd: string;
    }
  | { kind: 'turn_end'; lastAssistantMessage: string; cwd: string };

export interface QueuedEvent {
  id: number;
  key: string;
  sessionId: number;
  projectId: number;
  promptNumber: number;
  payload: QueuedPayload;
  state: QueueState;
  attempts: number;
  createdAt: string;
  lastErrorKind: FailureKind | null;
  lastErrorMessage: string | null;
}

/** One line of `claude-mem export` (JSONL): enough to restore a record with the same uid. */
export const exportLineSchema = z.discriminatedUnion('record', [
  z.object({
    record: z.literal('observation'),
    uid: z.string().min(1),
    project: z.string().min(1),
    projectRoot: z.string().min(1),
    type: z.enum(OBSERVATION_TYPES),
    title: z.string(),
    subtitle: z.string().default(''),
    facts: z.array(z.string()).default([]),
    narrative: z.string().default(''),
    concepts: z.array(z.string()).default([]),
    filesRead: z.array(z.string()).default([]),
    filesModified: z.array(z.string()).default([]),
    createdAt: z.string(),
    model: z.string().nullable().default(null),
    origin: z.enum(ORIGINS).default('manual'),
  }),
  z.object({
    record: z.literal('summary'),
    uid: z.string().min(1),
    project: z.string().min(1),
    projectRoot: z.string().min(1),
    request: z.string().default(''),
    investigated: z.string().default(''),
    learned: z.string().default(''),
    completed: z.string().default(''),
    nextSteps: z.string().default(''),
    notes: z.string().default(''),
    createdAt: z.string(),
    origin: z.enum(ORIGINS).default('manual'),
  }),
]);
export type ExportLine = z.infer<typeof exportLineSchema>;
