// Many hooks write at once: 8 real node processes open one fresh database file at the same moment
// (racing the migrations) and enqueue 500 events each with overlapping idempotency keys.
// Nothing may surface as busy, nothing may be lost, nothing may be duplicated.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueEvent, MIGRATIONS, openStore, schemaVersion, upsertProject, upsertSession } from '../../src/store';

const ROOT = resolve(__dirname, '../..');
const WORKER = join(ROOT, 'test/helpers/enqueue-worker.ts');
const PROCESSES = 8;
const PER_PROCESS = 500;
// Process i covers keys [i*250, i*250+500) mod 2000: every key is enqueued by exactly two processes.
const STRIDE = 250;
const KEY_SPACE = 2000;

let dir: string;
let children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-concurrency-'));
});
afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children = [];
  rmSync(dir, { recursive: true, force: true });
});

interface WorkerResult {
  pid: number;
  added: number;
  errors: Record<string, number>;
}

function startWorker(dbPath: string, offset: number): { child: ChildProcess; ready: Promise<void>; done: Promise<WorkerResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dbPath, String(offset), String(PER_PROCESS), String(KEY_SPACE)], {
    cwd: ROOT,
    env: { ...process.env, CLAUDE_MEM_DATA_DIR: dir, CLAUDE_MEM_WORKER_PORT: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  let result: WorkerResult | undefined;
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  lines.on('line', (line) => {
    if (line === 'ready') onReady();
    else result = JSON.parse(line) as WorkerResult;
  });
  const done = new Promise<WorkerResult>((res, rej) => {
    child.on('exit', (code) => {
      if (code === 0 && result) res(result);
      else rej(new Error(`worker ${offset} exited ${code}: ${stderr}`));
    });
  });
  // A child that dies before "ready" must fail the test, not hang it.
  done.catch(() => onReady());
  return { child, ready, done };
}

describe('concurrent enqueue from many processes', () => {
  it(
    '8 processes × 500 events with overlapping keys: no busy errors, exact count, no duplicates, none lost',
    async () => {
      const dbPath = join(dir, 'memory.db');
      const workers = Array.from({ length: PROCESSES }, (_, i) => startWorker(dbPath, i * STRIDE));
      await Promise.all(workers.map((w) => w.ready));
      for (const w of workers) w.child.stdin?.write('go\n');
      const results = await Promise.all(workers.map((w) => w.done));

      for (const r of results) expect(r.errors, `errors in pid ${r.pid}`).toEqual({});
      // Every key was inserted by exactly one of the two processes that tried it.
      expect(results.reduce((n, r) => n + r.added, 0)).toBe(KEY_SPACE);

      const db = openStore(dbPath, { readonly: true });
      try {
        expect(schemaVersion(db)).toBe(MIGRATIONS.length);
        const { total, distinctKeys } = db.prepare('SELECT COUNT(*) AS total, COUNT(DISTINCT key) AS distinctKeys FROM queue').get() as {
          total: number;
          distinctKeys: number;
        };
        expect(total).toBe(KEY_SPACE);
        expect(distinctKeys).toBe(KEY_SPACE);
        const keys = new Set((db.prepare('SELECT key FROM queue').all() as Array<{ key: string }>).map((r) => r.key));
        for (let n = 0; n < KEY_SPACE; n++) expect(keys.has(`shared:tool-${n}`)).toBe(true);
        expect(db.prepare('SELECT COUNT(*) AS n FROM projects').get()).toEqual({ n: 1 });
        expect(db.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 1 });
        expect(db.prepare("SELECT COUNT(*) AS n FROM queue WHERE state = 'queued'").get()).toEqual({ n: KEY_SPACE });
      } finally {
        db.close();
      }
    },
    120_000,
  );

  it('the same key twice leaves one row', () => {
    const db = openStore(join(dir, 'memory.db'));
    try {
      const now = new Date().toISOString();
      const projectId = upsertProject(db, '/p', 'p', now);
      const sessionId = upsertSession(db, { host: 'claude-code', hostSessionId: 's', projectId, cwd: '/p', now }).id;
      const event = {
        key: 's:toolu_01',
        sessionId,
        projectId,
        promptNumber: 1,
        payload: { kind: 'turn_end' as const, lastAssistantMessage: 'done', cwd: '/p' },
        now,
      };
      expect(enqueueEvent(db, event)).toBe(true);
      expect(enqueueEvent(db, { ...event, payload: { ...event.payload, lastAssistantMessage: 'retry' } })).toBe(false);
      expect(db.prepare('SELECT COUNT(*) AS n FROM queue').get()).toEqual({ n: 1 });
      expect((db.prepare('SELECT payload FROM queue').get() as { payload: string }).payload).toContain('"done"');
    } finally {
      db.close();
    }
  });
});
