import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerRuntime } from '../../src/contracts';
import { openStore, queueCounts, type Db } from '../../src/store';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm';
import { workerAnswer } from '../helpers/fake-llm-fixtures';
import { addTurn, seedSession } from '../helpers/worker-fixtures';
import { childEnv, runCli, waitFor, workerPids } from '../helpers/worker-procs';
import { removeWorkerDir, useClaudeBackend } from '../helpers/worker-data-dir';

const SESSIONS = 20;
const TURNS = 5;
const TOOLS = 19; // + 1 turn_end = 20 events per turn, 2,000 in all

describe('worker crash (kill -9 mid-drain)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let fake: FakeLlm;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cm-worker-crash-'));
    fake = await startFakeLlm('anthropic', () => workerAnswer(fake.requests.length), { delayMs: 100 });
    env = childEnv(dir);
    useClaudeBackend(dir, fake.url);
    const db = openStore(join(dir, 'memory.db'));
    const now = new Date().toISOString();
    for (let s = 0; s < SESSIONS; s++) {
      const session = seedSession(db, now, `proj${s % 4}`, `crash-session-${s}`);
      for (let t = 0; t < TURNS; t++) addTurn(db, session, { now, tools: TOOLS, turnEnd: true, prompt: `task ${s}.${t}` });
    }
    expect(queueCounts(db).queued).toBe(2_000);
    db.close();
  });

  afterAll(async () => {
    await runCli(['worker', 'stop'], env).catch((err: unknown) => void err);
    await removeWorkerDir(dir, fake);
  });

  it('loses nothing and duplicates nothing across a SIGKILL and a restart', async () => {
    const reader = openStore(join(dir, 'memory.db'), { readonly: true });
    try {
      expect((await runCli(['worker', 'start'], env)).code).toBe(0);
      const first = JSON.parse(readFileSync(join(dir, 'worker.json'), 'utf8')) as WorkerRuntime;
      await waitFor(() => terminal(reader) >= 100, 'some events to be processed', 60_000);
      process.kill(first.pid, 'SIGKILL');
      await waitFor(() => workerPids(dir).length === 0, 'the killed worker to be gone');
      const atKill = queueCounts(reader);
      expect(atKill.compressed + atKill.raw + atKill.failed).toBeLessThan(2_000); // really mid-drain

      const restarted = await runCli(['worker', 'start'], env);
      expect(restarted.code, restarted.stderr).toBe(0);
      expect(restarted.stdout).toContain('Worker started');
      await waitFor(
        () => {
          const c = queueCounts(reader);
          return c.queued + c.processing === 0;
        },
        'the queue to drain after the restart',
        120_000,
      );

      const c = queueCounts(reader);
      expect(c.compressed + c.raw + c.failed).toBe(2_000);
      const states = reader.prepare('SELECT DISTINCT state FROM queue').all() as Array<{ state: string }>;
      expect(states.every((s) => ['compressed', 'raw', 'failed'].includes(s.state))).toBe(true);

      // Every tool event is the source of at least one observation, all from a single batch (one uid anchor).
      const links = reader
        .prepare(
          `SELECT q.id AS eventId, o.uid AS uid FROM queue q
           LEFT JOIN observation_sources s ON s.event_id = q.id LEFT JOIN observations o ON o.id = s.observation_id
           WHERE q.kind = 'tool'`,
        )
        .all() as Array<{ eventId: number; uid: string | null }>;
      const anchors = new Map<number, Set<string>>();
      for (const l of links) {
        const set = anchors.get(l.eventId) ?? new Set<string>();
        if (l.uid) set.add(/^evt-(\d+)-/.exec(l.uid)?.[1] ?? l.uid);
        anchors.set(l.eventId, set);
      }
      expect(anchors.size).toBe(SESSIONS * TURNS * TOOLS);
      expect([...anchors.values()].filter((s) => s.size !== 1)).toEqual([]);
      // One summary per turn, never two.
      const dupSummaries = reader
        .prepare('SELECT session_id, prompt_number, COUNT(*) AS n FROM summaries GROUP BY session_id, prompt_number HAVING n > 1')
        .all();
      expect(dupSummaries).toEqual([]);
      expect(count(reader, 'summaries')).toBe(SESSIONS * TURNS);
      expect(fake.requests.length).toBeGreaterThan(0);
    } finally {
      reader.close();
    }
  });
});

function terminal(db: Db): number {
  const c = queueCounts(db);
  return c.compressed + c.raw + c.failed;
}

function count(db: Db, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe('worker graceful stop mid-batch', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let fake: FakeLlm;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cm-worker-stop-'));
    fake = await startFakeLlm('anthropic', () => workerAnswer(fake.requests.length), { delayMs: 1_500 });
    env = childEnv(dir);
    useClaudeBackend(dir, fake.url);
    const db = openStore(join(dir, 'memory.db'));
    const now = new Date().toISOString();
    const session = seedSession(db, now);
    for (let t = 0; t < 3; t++) addTurn(db, session, { now, tools: 4, turnEnd: true });
    db.close();
  });

  afterAll(async () => {
    await removeWorkerDir(dir, fake);
  });

  it('SIGTERM lets the in-flight batch finish: nothing is left processing', async () => {
    expect((await runCli(['worker', 'start'], env)).code).toBe(0);
    await waitFor(() => fake.requests.length >= 1, 'the first model call');
    const stop = await runCli(['worker', 'stop'], env);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).not.toContain('killed');
    expect(workerPids(dir)).toEqual([]);
    const db = openStore(join(dir, 'memory.db'), { readonly: true });
    try {
      const c = queueCounts(db);
      expect(c.processing).toBe(0);
      expect(c.compressed).toBeGreaterThanOrEqual(5);
      expect(c.compressed + c.queued).toBe(15);
    } finally {
      db.close();
    }
  });
});

