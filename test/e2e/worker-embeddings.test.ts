// The worker backfills vectors for observations that existed before embeddings were turned on,
// reports progress in status, and keeps running (with the error shown) when the endpoint fails.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countVectors, insertObservation } from '../../src/store';
import { startFakeEmbeddings, type FakeEmbeddings } from '../helpers/fake-embeddings';
import { draft, seedSession, tempStore } from '../helpers/worker-fixtures';
import { childEnv, runCli, waitFor } from '../helpers/worker-procs';

const NOW = '2026-03-01T10:00:00.000Z';

describe('worker embeddings backfill', () => {
  let store: ReturnType<typeof tempStore>;
  let fake: FakeEmbeddings;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    store = tempStore('cm-embed-');
    fake = await startFakeEmbeddings();
    const { projectId, sessionId } = seedSession(store.db, NOW);
    for (let i = 0; i < 70; i++) {
      insertObservation(store.db, {
        ...draft(`observation number ${i} about the parser`),
        projectId,
        sessionId,
        promptNumber: 1,
        createdAt: NOW,
        model: null,
        origin: 'manual',
      });
    }
    env = childEnv(store.dir, {
      CLAUDE_MEM_PROVIDER: 'offline',
      CLAUDE_MEM_EMBEDDINGS_PROVIDER: 'ollama',
      CLAUDE_MEM_EMBEDDINGS_BASE_URL: `${fake.url}/v1`,
      CLAUDE_MEM_EMBEDDINGS_MODEL: 'fake-embed',
    });
  });

  afterEach(async () => {
    await runCli(['worker', 'stop'], env).catch((err: unknown) => void err);
    await fake.close();
    store.cleanup();
    rmSync(store.dir, { recursive: true, force: true });
  });

  it('embeds every existing observation and reports progress in status', async () => {
    expect((await runCli(['worker', 'start'], env, 60_000)).code).toBe(0);
    await waitFor(() => countVectors(store.db) === 70 || undefined, 'all 70 observations embedded', 30_000);
    expect(fake.requests.length).toBeGreaterThanOrEqual(3); // batches of 32
    const status = JSON.parse((await runCli(['status', '--json'], env)).stdout) as {
      embeddings: { model: string; remaining: number; lastError: unknown } | null;
    };
    expect(status.embeddings).not.toBeNull();
    expect(status.embeddings?.remaining).toBe(0);
    expect(status.embeddings?.lastError).toBeNull();
  });

  it('shows an endpoint failure in status and keeps the worker running', async () => {
    fake.failWith = 401;
    expect((await runCli(['worker', 'start'], env, 60_000)).code).toBe(0);
    const status = await waitFor(async () => {
      const s = JSON.parse((await runCli(['status', '--json'], env)).stdout) as {
        running: boolean;
        embeddings: { lastError: { kind: string } | null } | null;
      };
      return s.embeddings?.lastError ? s : undefined;
    }, 'the embeddings error in status', 30_000);
    expect(status.running).toBe(true);
    expect(status.embeddings?.lastError?.kind).toBe('provider_auth');
    expect(countVectors(store.db)).toBe(0);
  });
});
