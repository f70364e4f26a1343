import { buildRawObservations, buildRawSummary, type CompressResult } from '../agent';
import type { FailureKind, QueuedEvent } from '../contracts';
import type { Logger } from '../log';
import { failEvents, noteEventError, recordBatchOutcome, type Db } from '../store';

/** The user turn a batch belongs to. */
export interface TurnContext {
  projectId: number;
  sessionId: number;
  promptNumber: number;
  project: string;
  userPrompt: string;
}

/** Claimed events of one turn, compressed in one call; `summarize` when they end the turn. */
export interface Batch {
  events: QueuedEvent[];
  turn: TurnContext;
  summarize: boolean;
}

/** Store the model's answer; every event ends compressed (or raw when the agent answered offline). */
export function storeAnswer(db: Db, b: Batch, r: Extract<CompressResult, { ok: true }>, provider: string, now: string): number[] {
  return recordBatchOutcome(db, {
    eventIds: b.events.map((e) => e.id),
    projectId: b.turn.projectId,
    sessionId: b.turn.sessionId,
    promptNumber: b.turn.promptNumber,
    state: r.origin === 'model' ? 'compressed' : 'raw',
    observations: r.observations,
    ...(b.summarize ? { summary: r.summary ?? buildRawSummary(b.turn.userPrompt, b.events) } : {}),
    model: r.model,
    provider,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    now,
  }).observationIds;
}

/**
 * Keep events as deterministic raw observations (lossless), noting why when there was an error.
 * Returns the stored observation ids, or undefined when not even a raw record could be built
 * (a malformed payload): then the events end `failed`, typed.
 */
export function keepRaw(
  db: Db,
  b: Batch,
  provider: string,
  error: { kind: FailureKind; message: string } | undefined,
  now: string,
  logger: Logger,
): number[] | undefined {
  const ids = b.events.map((e) => e.id);
  if (error) noteEventError(db, ids, error.kind, error.message, now);
  let observations;
  try {
    observations = buildRawObservations(b.events);
  } catch (err) {
    logger.error('Raw observation builder failed', { events: ids, error: (err as Error).stack ?? String(err) });
    failEvents(db, ids, error?.kind ?? 'bad_output', `raw builder failed: ${(err as Error).message}`, now);
    return undefined;
  }
  return recordBatchOutcome(db, {
    eventIds: ids,
    projectId: b.turn.projectId,
    sessionId: b.turn.sessionId,
    promptNumber: b.turn.promptNumber,
    state: 'raw',
    observations,
    ...(b.summarize ? { summary: buildRawSummary(b.turn.userPrompt, b.events) } : {}),
    model: null,
    provider,
    inputTokens: 0,
    outputTokens: 0,
    now,
  }).observationIds;
}
