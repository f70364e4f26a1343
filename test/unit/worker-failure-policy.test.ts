import { describe, expect, it } from 'vitest';
import { FAILURE_KINDS } from '../../src/contracts';
import {
  BASE_RETRY_MS,
  decideOnFailure,
  MAX_BACKOFF_MS,
  MAX_RETRY_AFTER_MS,
  retryDelayMs,
  type FailureDecision,
  type FailureInput,
} from '../../src/worker/failure-policy';

const base = { attempts: 1, maxAttempts: 4, batchSize: 5 };

// One row per case: the drain applies exactly this table (src/worker/drain.ts).
const TABLE: Array<[string, FailureInput, FailureDecision]> = [
  ['an outage is retried after the backoff', { ...base, kind: 'transient' }, { action: 'retry', delayMs: BASE_RETRY_MS }],
  ['the backoff doubles per attempt', { ...base, kind: 'transient', attempts: 3 }, { action: 'retry', delayMs: 4 * BASE_RETRY_MS }],
  ['a rate limit waits as long as Retry-After asks', { ...base, kind: 'rate_limit', retryAfterMs: 90_000 }, { action: 'retry', delayMs: 90_000 }],
  ['a short Retry-After never shortens our backoff', { ...base, kind: 'rate_limit', attempts: 2, retryAfterMs: 10 }, { action: 'retry', delayMs: 2 * BASE_RETRY_MS }],
  ['the last attempt of an outage keeps the events raw', { ...base, kind: 'transient', attempts: 4 }, { action: 'keep_raw', gaveUpAfter: 4 }],
  ['the last attempt of a rate limit keeps the events raw', { ...base, kind: 'rate_limit', attempts: 5 }, { action: 'keep_raw', gaveUpAfter: 5 }],
  ['bad credentials pause model calls', { ...base, kind: 'auth' }, { action: 'pause' }],
  ['an exhausted quota pauses model calls', { ...base, kind: 'quota', attempts: 4 }, { action: 'pause' }],
  ['a refused request pauses model calls', { ...base, kind: 'bad_request' }, { action: 'pause' }],
  ['a batch too large for the model is split in halves (the first half the larger)', { ...base, kind: 'context_overflow' }, { action: 'split', at: 3 }],
  ['two events split into one and one', { ...base, kind: 'context_overflow', batchSize: 2 }, { action: 'split', at: 1 }],
  ['one event that overflows is kept raw', { ...base, kind: 'context_overflow', batchSize: 1 }, { action: 'keep_raw' }],
  ['an unusable answer keeps the events raw', { ...base, kind: 'bad_output' }, { action: 'keep_raw' }],
];

describe('drain failure policy', () => {
  it.each(TABLE)('%s', (_name, input, decision) => {
    expect(decideOnFailure(input)).toEqual(decision);
  });

  it('has a row for every failure kind', () => {
    expect(new Set(TABLE.map(([, i]) => i.kind))).toEqual(new Set(FAILURE_KINDS));
  });

  it('bounds our own backoff and the Retry-After it honours', () => {
    expect(retryDelayMs(50)).toBe(MAX_BACKOFF_MS);
    expect(retryDelayMs(1, 10 * MAX_RETRY_AFTER_MS)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelayMs(1, -5)).toBe(BASE_RETRY_MS);
  });
});
