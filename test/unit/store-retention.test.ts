// Retention and footprint mechanics: old payloads of compressed events are emptied in bounded
// batches (pending and failed ones kept), our logs rotate while the original claude-mem's log
// files in the same folder are never touched, and a new database gives free pages back.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger, ownLogBytes, pruneLogs } from '../../src/log';
import {
  dropOldPayloads,
  enqueueEvent,
  fullVacuum,
  incrementalVacuum,
  openStore,
  spaceByTable,
  upsertProject,
  upsertSession,
  vacuumMode,
  type Db,
} from '../../src/store';
import { tempStore } from '../helpers/worker-fixtures';
import { PAYLOAD_BATCH, startMaintenance } from '../../src/worker';

let dir: string;
let db: Db;
let cleanup: () => void;

beforeEach(() => ({ dir, db, cleanup } = tempStore('cm-retain-')));
afterEach(() => cleanup());

const BIG = 'x'.repeat(2_000);

/** `n` tool events in `state`, last touched at `updatedAt`. */
function events(n: number, state: string, updatedAt: string, tag: string): void {
  const projectId = upsertProject(db, '/repo', 'repo', updatedAt);
  const session = upsertSession(db, { host: 'test', hostSessionId: 's', projectId, cwd: '/repo', now: updatedAt });
  const insert = db.transaction(() => {
    for (let i = 0; i < n; i++) {
      enqueueEvent(db, {
        key: `${tag}:${i}`,
        sessionId: session.id,
        projectId,
        promptNumber: 1,
        payload: { kind: 'tool', toolName: 'Read', toolInput: { i }, toolResponse: BIG, failed: false, cwd: '/repo' },
        now: updatedAt,
      });
    }
    db.prepare(`UPDATE queue SET state = ?, updated_at = ? WHERE key LIKE ?`).run(state, updatedAt, `${tag}:%`);
  });
  insert();
}

const kept = (tag: string) =>
  (db.prepare(`SELECT COUNT(*) AS n FROM queue WHERE key LIKE ? AND payload <> ''`).get(`${tag}:%`) as { n: number }).n;

describe('queue payload retention', () => {
  it('empties only compressed and raw events older than the cut-off, at most `limit` per call', () => {
    events(30, 'compressed', '2026-01-01T00:00:00.000Z', 'old');
    events(5, 'raw', '2026-01-01T00:00:00.000Z', 'oldraw');
    events(5, 'failed', '2026-01-01T00:00:00.000Z', 'failed');
    events(5, 'queued', '2026-01-01T00:00:00.000Z', 'queued');
    events(5, 'compressed', '2026-03-01T00:00:00.000Z', 'recent');
    expect(dropOldPayloads(db, '2026-02-01T00:00:00.000Z', 20)).toBe(20);
    expect(dropOldPayloads(db, '2026-02-01T00:00:00.000Z', 20)).toBe(15);
    expect(dropOldPayloads(db, '2026-02-01T00:00:00.000Z', 20)).toBe(0);
    expect([kept('old'), kept('oldraw'), kept('failed'), kept('queued'), kept('recent')]).toEqual([0, 0, 5, 5, 5]);
    // The rows stay: a replayed hook with the same key still adds nothing.
    expect((db.prepare(`SELECT COUNT(*) AS n FROM queue`).get() as { n: number }).n).toBe(50);
  });

  it('the worker maintenance drains every old payload in batches and honours the setting', async () => {
    events(PAYLOAD_BATCH * 2 + 7, 'compressed', '2026-01-01T00:00:00.000Z', 'old');
    events(3, 'compressed', '2026-01-20T00:00:00.000Z', 'mid');
    const logger = createMemoryLogger();
    const m = startMaintenance({
      db,
      logger,
      logsDir: join(dir, 'logs'),
      now: () => new Date('2026-01-25T00:00:00.000Z'),
      retentionDays: () => 7,
      startDelayMs: 3_600_000,
    });
    try {
      const report = await m.runOnce();
      expect(report.payloadsDropped).toBe(PAYLOAD_BATCH * 2 + 7);
      expect(kept('mid')).toBe(3);
    } finally {
      m.stop();
    }
  });
});

describe('log rotation', () => {
  it('removes our old and oversized logs, never the original claude-mem files', () => {
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    const mb = Buffer.alloc(1024 * 1024, 'a');
    const write = (name: string, megabytes: number) => writeFileSync(join(logs, name), Buffer.concat(Array(megabytes).fill(mb)));
    write('claude-mem-2025-01-01.log', 2); // the original's: old, and must stay
    write('claude-mem-2026-03-09.log', 1);
    write('worker-2026-02-01.log', 1); // older than 14 days
    write('hook-2026-03-01.log', 3);
    write('worker-2026-03-02.log', 3);
    write('worker-2026-03-09.log', 3);
    write('worker-error.log', 2);
    write('notes.txt', 1);
    const removed = pruneLogs(logs, new Date('2026-03-10T12:00:00.000Z'), {
      maxAgeDays: 14,
      maxTotalBytes: 8 * 1024 * 1024,
      maxErrorLogBytes: 1024 * 1024,
    });
    expect(removed.sort()).toEqual(['hook-2026-03-01.log', 'worker-2026-02-01.log']);
    expect(readdirSync(logs).sort()).toEqual([
      'claude-mem-2025-01-01.log',
      'claude-mem-2026-03-09.log',
      'notes.txt',
      'worker-2026-03-02.log',
      'worker-2026-03-09.log',
      'worker-error.log.1',
    ]);
    expect(ownLogBytes(logs)).toEqual({ files: 3, bytes: 8 * 1024 * 1024 });
  });

  it('does nothing when there is no logs folder', () => {
    expect(pruneLogs(join(dir, 'nope'), new Date())).toEqual([]);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });
});

describe('database footprint', () => {
  it('a new database vacuums incrementally and gives deleted space back', () => {
    expect(vacuumMode(db)).toBe('incremental');
    events(500, 'compressed', '2026-01-01T00:00:00.000Z', 'old');
    db.exec(`DELETE FROM queue`);
    const before = db.pragma('freelist_count', { simple: true }) as number;
    expect(before).toBeGreaterThan(100);
    expect(incrementalVacuum(db, 100_000).freePages).toBe(0);
  });

  it('an existing database without auto_vacuum is left as it is', () => {
    const path = join(dir, 'old.db');
    const raw = openStore(path);
    raw.close();
    const old = openStore(path);
    try {
      old.pragma('auto_vacuum = NONE');
      old.exec('VACUUM');
      expect(vacuumMode(old)).toBe('none');
      expect(incrementalVacuum(old, 10).mode).toBe('none');
      // Only when asked (`claude-mem stats --vacuum`): one full rewrite converts it.
      fullVacuum(old);
      expect(vacuumMode(old)).toBe('incremental');
    } finally {
      old.close();
    }
  });

  it('reports bytes per table and index when dbstat is there', () => {
    events(50, 'compressed', '2026-01-01T00:00:00.000Z', 'old');
    const space = spaceByTable(db);
    if (space === undefined) return; // this SQLite build has no dbstat: stats says so
    expect(space.map((s) => s.name)).toContain('queue');
    expect(space.map((s) => s.name)).toContain('observations_fts');
  });
});
