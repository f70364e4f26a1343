// `status` (CLI, /api/status, viewer) says "all embedded" only when vectors were really stored:
// not before the first pass, not when every call failed, not when the endpoint sent no vectors.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Output } from '../../src/cli';
import { printStatus } from '../../src/cli/status-report';
import { MemError } from '../../src/contracts';
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
async function statusAfterFirstPass(embedder: Embedder): Promise<{ text: string; state: EmbeddingsState }> {
  backfill = startBackfill({ db, embedder: () => embedder, logger: createMemoryLogger(), now: () => new Date() });
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
