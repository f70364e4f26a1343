// "A year of use", synthetic: each working day one session of turns, 400 tool events with
// realistic payloads (compressed the same day, as the worker would), the observations and
// summaries a model would write, and a day of worker log lines. The worker's maintenance runs at
// the end of each day with that day's clock. Measures the data dir and how fast session start
// and search are on day one and at the end.
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSessionContext } from '../../src/context';
import { createMemoryLogger } from '../../src/log';
import { searchMemory } from '../../src/search';
import {
  enqueueEvent,
  insertObservation,
  insertSummary,
  openStore,
  recordPrompt,
  upsertProject,
  upsertSession,
  type Db,
} from '../../src/store';
import { startMaintenance } from '../../src/worker';
import { createRng } from './rng';
import { dist, type Dist } from './stats';

export interface YearOptions {
  dataDir: string;
  days: number;
  eventsPerDay: number;
  /** Bytes of tool output per event (input adds ~10%). */
  payloadBytes?: number;
  /** Log bytes the worker and hooks write per day. */
  logBytesPerDay?: number;
  retentionDays?: number;
  seed?: number;
  /** Timing samples per measurement (session start, search). */
  samples?: number;
}

export interface YearResult {
  days: number;
  events: number;
  observations: number;
  dataDirBytes: number;
  dbBytes: number;
  logBytes: number;
  payloadsKept: number;
  payloadsDropped: number;
  dayOne: { sessionStart: Dist; search: Dist };
  end: { sessionStart: Dist; search: Dist };
  elapsedMs: number;
}

const EVENTS_PER_TURN = 20;
const OBS_PER_TURN = 2;
const WORDS = `cache invalidation webhook retry backoff login token refresh migration schema index query planner
  vacuum payload queue worker hook session summary parser tokenizer bundle esbuild vitest fixture timeout port
  database lock busy retention rotate logs stats search ranking bm25 snippet timeline viewer settings preview
  config env credential provider model gateway budget pause resume export import project binding worktree`.split(/\s+/);

export async function simulateYear(o: YearOptions): Promise<YearResult> {
  const t0 = performance.now();
  const rng = createRng(o.seed ?? 7);
  const pick = () => rng.pick(WORDS);
  const sentence = (n: number) => Array.from({ length: n }, pick).join(' ');
  const logsDir = join(o.dataDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const db = openStore(join(o.dataDir, 'memory.db'));
  const root = '/work/year-project';
  const start = Date.parse('2026-01-05T08:00:00.000Z');
  let day0 = new Date(start);
  const clock = { now: day0 };
  const maintenance = startMaintenance({
    db,
    logger: createMemoryLogger(),
    logsDir,
    now: () => clock.now,
    retentionDays: () => o.retentionDays ?? 7,
    startDelayMs: 1e9,
  });
  const payloadBytes = o.payloadBytes ?? 1_800;
  const logLine = `${'x'.repeat(180)}\n`;
  let events = 0;
  let observations = 0;
  let dropped = 0;
  const dayOnePath = `${o.dataDir.replace(/\/+$/, '')}-day-one.db`;
  try {
    const projectId = upsertProject(db, root, 'year-project', day0.toISOString());
    for (let d = 0; d < o.days; d++) {
      // Working days: skip weekends on the calendar, so retention sees real gaps.
      day0 = new Date(start + (d + Math.floor(d / 5) * 2) * 86_400_000);
      const session = upsertSession(db, { host: 'bench', hostSessionId: `day-${d}`, projectId, cwd: root, now: day0.toISOString() });
      db.transaction(() => {
        for (let e = 0; e < o.eventsPerDay; e++) {
          const at = new Date(day0.getTime() + e * 60_000).toISOString();
          const turn = Math.floor(e / EVENTS_PER_TURN) + 1;
          if (e % EVENTS_PER_TURN === 0) {
            recordPrompt(db, { sessionId: session.id, projectId, text: `please ${sentence(12)}`, now: at });
          }
          enqueueEvent(db, {
            key: `bench:${d}:${e}`,
            sessionId: session.id,
            projectId,
            promptNumber: turn,
            payload: {
              kind: 'tool',
              toolName: 'Bash',
              toolInput: { command: sentence(20) },
              toolResponse: sentence(Math.round(payloadBytes / 7)),
              failed: false,
              cwd: root,
            },
            now: at,
          });
          events++;
          if (e % EVENTS_PER_TURN === EVENTS_PER_TURN - 1) {
            for (let k = 0; k < OBS_PER_TURN; k++) {
              insertObservation(db, {
                projectId,
                sessionId: session.id,
                promptNumber: turn,
                createdAt: at,
                model: 'bench',
                origin: 'model',
                type: k === 0 ? 'change' : 'discovery',
                title: sentence(7),
                subtitle: sentence(12),
                facts: [sentence(10), sentence(10), sentence(10)],
                narrative: sentence(45),
                concepts: ['how-it-works'],
                filesRead: [`src/${pick()}.ts`],
                filesModified: [`src/${pick()}.ts`],
              });
              observations++;
            }
            insertSummary(db, {
              projectId,
              sessionId: session.id,
              promptNumber: turn,
              request: sentence(12),
              investigated: sentence(15),
              learned: sentence(15),
              completed: sentence(15),
              nextSteps: sentence(10),
              notes: '',
              createdAt: at,
              model: 'bench',
              origin: 'model',
            });
            // The worker compresses the turn: its events reach their terminal state.
            db.prepare(`UPDATE queue SET state = 'compressed', updated_at = ? WHERE session_id = ? AND prompt_number = ?`).run(
              at,
              session.id,
              turn,
            );
          }
        }
      })();
      const logFile = join(logsDir, `worker-${day0.toISOString().slice(0, 10)}.log`);
      appendFileSync(logFile, logLine.repeat(Math.round((o.logBytesPerDay ?? 1_500_000) / logLine.length)));
      clock.now = new Date(day0.getTime() + 12 * 3_600_000);
      dropped += (await maintenance.runOnce()).payloadsDropped;
      // Keep day one's database (outside the data dir, so it is not counted) to measure beside
      // the last day's, interleaved: a busy machine then slows both alike.
      if (d === 0) db.prepare('VACUUM INTO ?').run(dayOnePath);
    }
    const dayOneDb = openStore(dayOnePath);
    const timed = await measure([dayOneDb, db], root, o.samples ?? 200, o.seed ?? 7);
    dayOneDb.close();
    rmSync(dayOnePath, { force: true });
    const [dayOne, end] = timed as [YearResult['dayOne'], YearResult['end']];
    db.pragma('wal_checkpoint(TRUNCATE)');
    const kept = (db.prepare(`SELECT COUNT(*) AS n FROM queue WHERE payload <> ''`).get() as { n: number }).n;
    const dbBytes = fileBytes(join(o.dataDir, 'memory.db')) + fileBytes(join(o.dataDir, 'memory.db-wal'));
    const logBytes = dirBytes(logsDir);
    return {
      days: o.days,
      events,
      observations,
      dataDirBytes: dbBytes + logBytes,
      dbBytes,
      logBytes,
      payloadsKept: kept,
      payloadsDropped: dropped,
      dayOne,
      end,
      elapsedMs: performance.now() - t0,
    };
  } finally {
    maintenance.stop();
    db.close();
  }
}

/**
 * Session start (the hook's render from SQLite) and keyword search, in-process, after a warm-up,
 * on each database in turn with the same queries: sample i of every database is taken within
 * milliseconds of the others, so machine noise cannot favour one of them.
 */
async function measure(dbs: Db[], root: string, samples: number, seed: number) {
  const rng = createRng(seed + 1);
  const queries = Array.from({ length: samples + 5 }, () => Array.from({ length: 3 }, () => rng.pick(WORDS)).join(' '));
  const project = { root, name: 'year-project' };
  const per = dbs.map((db) => ({
    db,
    projectIds: [(db.prepare(`SELECT id FROM projects WHERE root = ?`).get(root) as { id: number }).id],
    starts: [] as number[],
    searches: [] as number[],
  }));
  for (const [i, query] of queries.entries()) {
    for (const m of per) {
      let t = performance.now();
      buildSessionContext(m.db, project, { maxTokens: 1_500, maxObservations: 50, tuning: { sessionCount: 10 } });
      const s = performance.now() - t;
      t = performance.now();
      await searchMemory(m.db, { query, limit: 20, offset: 0, projectIds: m.projectIds });
      const q = performance.now() - t;
      if (i < 5) continue;
      m.starts.push(s);
      m.searches.push(q);
    }
  }
  return per.map((m) => ({ sessionStart: dist(m.starts), search: dist(m.searches) }));
}

function fileBytes(p: string): number {
  return existsSync(p) ? statSync(p).size : 0;
}

function dirBytes(dir: string): number {
  return existsSync(dir) ? readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0) : 0;
}
