// `status` (CLI, /api/status, viewer) says "all embedded" only when vectors were really stored:
// not before the first pass, not when every call failed, not when the endpoint sent no vectors.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Output } from '../../src/cli';
import { printStatus } from '../../src/cli/status-report';
import { FAILURE_ERROR_KINDS, FAILURE_FIXES, MemError } from '../../src/contracts';
import { createMemoryLogger } from '../../src/log';
import type { Embedder } from '../../src/search';
import type { Db } from '../../src/store';
import { embeddingsStatus, type WorkerStatus } from '../../src/worker';
import { startBackfill, type Backfill, type EmbeddingsState } from '../../src/worker/embeddings';
import { draft, openStore, searchSandbox, seed } from '../helpers/search-seed';

let box: ReturnType<typeof searchSandbox>;
let db: Db;
let backfill: Backfill | undefined;

beforeEach(() => {
  box = searchSandbox();
  db = openStore(box.dbPath);
});
afterEach(() => {
  backfill?.stop();
  db.close();
  rmSync(dirname(box.dataDir), { recursive: true, force: true });
});

/** Run the worker's backfill with this embedder until its first pass ends; return the status lines. */
async function statusAfterFirstPass(embedder: Embedder, now = () => new Date()): Promise<{ text: string; state: EmbeddingsState }> {
  backfill = startBackfill({ db, embedder: () => embedder, logger: createMemoryLogger(), now });
  let state = backfill.state();
  for (let i = 0; i < 100 && !(state && (state.checked || state.lastError)); i++) {
    await new Promise((r) => setTimeout(r, 50));
    state = backfill.state();
  }
  if (!state) throw new Error('the backfill never ran');
  const lines: string[] = [];
  const out: Output = { line: (t = '') => void lines.push(t), json: () => undefined, warn: (t) => void lines.push(t), error: () => undefined };
  printStatus(out, { ...baseStatus, embeddings: embeddingsStatus(state) });
  return { text: lines.join('\n'), state };
}

const embedderOf = (embed: Embedder['embed']): Embedder => ({ id: 'test:model', embed });
const twoObservations = () => seed(db, box.projectDir, [draft({ title: 'one' }), draft({ title: 'two' })]);

describe('status never says "all embedded" when no vectors were stored', () => {
  it('every embeddings call failing', async () => {
    twoObservations();
    const { text, state } = await statusAfterFirstPass(
      embedderOf(() => Promise.reject(new MemError('provider_auth', 'Embeddings endpoint answered 401'))),
    );
    expect(state.stored).toBe(0);
    expect(text).not.toMatch(/all .*embedded/);
    expect(text).toContain('last error provider_auth');
  });

  it('an endpoint that answers with no vectors', async () => {
    twoObservations();
    const { text, state } = await statusAfterFirstPass(embedderOf(async () => []));
    expect(state).toMatchObject({ stored: 0, remaining: 2, embedded: 0 });
    expect(text).not.toMatch(/all .*embedded/);
    expect(text).toContain('2 observations left to embed');
  });

  it('nothing recorded yet', async () => {
    const { text } = await statusAfterFirstPass(embedderOf(async (t) => t.map(() => new Float32Array([1, 0]))));
    expect(text).not.toMatch(/all .*embedded/);
    expect(text).toContain('no vectors stored');
  });

  it('says it when it is true', async () => {
    twoObservations();
    const { text } = await statusAfterFirstPass(embedderOf(async (t) => t.map(() => new Float32Array([1, 0]))));
    expect(text).toContain('all 2 observations embedded');
  });
});

describe('an embeddings failure in status: the fix, and Retry-After honoured', () => {
  const NOW = new Date('2026-03-15T12:00:00.000Z');
  const rateLimited = (retryAfterMs?: number) =>
    embedderOf(() =>
      Promise.reject(
        new MemError(FAILURE_ERROR_KINDS.rate_limit, 'Embeddings endpoint answered 429', retryAfterMs === undefined ? {} : { retryAfterMs }),
      ),
    );

  it('the next batch waits as long as the endpoint asked, when that is longer than the backoff', async () => {
    twoObservations();
    const { state, text } = await statusAfterFirstPass(rateLimited(600_000), () => NOW);
    expect(state.retryAt).toBe('2026-03-15T12:10:00.000Z');
    expect(text).toContain('Next try at 2026-03-15T12:10:00.000Z');
  });

  it('a short Retry-After (or none) keeps the usual backoff', async () => {
    twoObservations();
    expect((await statusAfterFirstPass(rateLimited(5_000), () => NOW)).state.retryAt).toBe('2026-03-15T12:01:00.000Z');
    backfill?.stop();
    expect((await statusAfterFirstPass(rateLimited(), () => NOW)).state.retryAt).toBe('2026-03-15T12:01:00.000Z');
  });

  it('status prints the fix for an embeddings endpoint, not the model key', async () => {
    twoObservations();
    const { text } = await statusAfterFirstPass(
      embedderOf(() => Promise.reject(new MemError('provider_auth', 'Embeddings endpoint answered 401'))),
    );
    expect(text).toContain(`fix: ${FAILURE_FIXES.embeddings.auth}`);
    expect(text).not.toContain('ANTHROPIC_API_KEY');
  });
});

const baseStatus: WorkerStatus = {
  running: false,
  pid: null,
  port: null,
  heldPort: null,
  version: 't',
  startedAt: null,
  uptime: null,
  dataDir: '/tmp/x',
  provider: 'offline',
  model: 'offline',
  baseUrlHost: null,
  queue: { queued: 0, processing: 0, compressed: 0, raw: 0, failed: 0 },
  tokensToday: 0,
  usageToday: { calls: 0, inputTokens: 0, outputTokens: 0 },
  dailyBudget: 0,
  budgetSpent: false,
  paused: null,
  pausedReason: null,
  retryAfter: null,
  lastError: null,
  embeddings: null,
  reindexing: 0,
  warnings: [],
};
