// Fill stores through the store's public functions only (the same writes the hooks and worker
// make), so a benchmark measures the real schema, indexes and FTS triggers.
import { statSync } from 'node:fs';
import { SETTINGS } from '../src/config';
import { capValue, rowCap } from '../src/hooks';
import { sanitize } from '../src/privacy';
import {
  enqueueEvent,
  insertObservation,
  insertSummary,
  openStore,
  recordPrompt,
  upsertProject,
  upsertSession,
  type Db,
} from '../src/store';
import { createRng, generateObservation, generateSummary, MODULES, type Session } from './workload';

/** The host name sessions are recorded under (what the Claude Code adapter writes). */
export const HOST = 'claude-code';

export interface SeedResult {
  projectId: number;
  observations: number;
  summaries: number;
  prompts: number;
  dbBytes: number;
}

/**
 * A project with `observations` observations spread over the last year, grouped in sessions and
 * turns (one prompt and one summary per turn, ~3.5 observations per turn).
 */
export function seedStore(
  dbPath: string,
  opts: { root: string; name: string; observations: number; seed: number; now?: Date },
): SeedResult {
  const rng = createRng(opts.seed);
  const now = (opts.now ?? new Date()).getTime();
  const spanMs = 365 * 86_400_000;
  const db = openStore(dbPath);
  const projectId = upsertProject(db, opts.root, opts.name, new Date(now - spanMs).toISOString());
  let made = 0;
  let summaries = 0;
  let prompts = 0;
  const at = () =>
    new Date(now - spanMs + Math.floor((spanMs * made) / opts.observations)).toISOString();
  const batch = db.transaction((until: number) => {
    while (made < until) {
      const session = upsertSession(db, {
        host: HOST,
        hostSessionId: `seed-${opts.seed}-${made}`,
        projectId,
        cwd: opts.root,
        now: at(),
      });
      for (let t = rng.int(3, 12); t > 0 && made < until; t--) {
        const prompt = `Work on the ${rng.pick(MODULES)} module (turn ${made}).`;
        const promptNumber = recordPrompt(db, {
          sessionId: session.id,
          projectId,
          text: prompt,
          now: at(),
        });
        prompts++;
        for (let k = rng.int(1, 6); k > 0 && made < until; k--) {
          insertObservation(db, {
            ...generateObservation(rng, opts.root),
            projectId,
            sessionId: session.id,
            promptNumber,
            createdAt: at(),
            model: 'claude-haiku-4-5',
            inputTokens: rng.int(800, 6000),
            outputTokens: rng.int(100, 600),
            origin: 'model',
          });
          made++;
        }
        insertSummary(db, {
          ...generateSummary(rng, prompt),
          projectId,
          sessionId: session.id,
          promptNumber,
          createdAt: at(),
          model: 'claude-haiku-4-5',
          origin: 'model',
        });
        summaries++;
      }
    }
  });
  while (made < opts.observations) batch(Math.min(opts.observations, made + 2000));
  checkpoint(db);
  db.close();
  return { projectId, observations: made, summaries, prompts, dbBytes: statSync(dbPath).size };
}

/** Fold the WAL into the main file so its size is the size on disk. */
export function checkpoint(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/** What a queue row keeps of one tool input or output, as the hook does with the default setting. */
const ROW_CAP = rowCap(SETTINGS.CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS.default);

/**
 * Queue the sessions' tool events and Stops as the PostToolUse and Stop hooks would (same key
 * shape, payloads sanitized and capped the same way), in one transaction so a watching worker
 * sees them all at once. Returns the number of tool events queued.
 */
export function enqueueSessions(
  db: Db,
  opts: { root: string; name: string; sessions: Session[] },
): number {
  const when = new Date().toISOString();
  const projectId = upsertProject(db, opts.root, opts.name, when);
  let tools = 0;
  db.transaction(() => {
    for (const s of opts.sessions) {
      const session = upsertSession(db, {
        host: HOST,
        hostSessionId: s.sessionId,
        projectId,
        cwd: opts.root,
        now: when,
      });
      for (const turn of s.turns) {
        const promptNumber = recordPrompt(db, {
          sessionId: session.id,
          projectId,
          text: turn.prompt,
          now: when,
        });
        for (const e of turn.events) {
          enqueueEvent(db, {
            key: `cc:${s.sessionId}:${e.toolUseId}`,
            sessionId: session.id,
            projectId,
            promptNumber,
            payload: {
              kind: 'tool',
              toolName: e.toolName,
              toolInput: capValue(sanitize(e.toolInput, { redact: true }), ROW_CAP),
              toolResponse: capValue(sanitize(e.toolResponse, { redact: true }), ROW_CAP),
              failed: false,
              cwd: opts.root,
            },
            now: when,
          });
          tools++;
        }
        enqueueEvent(db, {
          key: `cc:${s.sessionId}:stop:${promptNumber}`,
          sessionId: session.id,
          projectId,
          promptNumber,
          payload: {
            kind: 'turn_end',
            lastAssistantMessage: turn.lastAssistantMessage,
            cwd: opts.root,
          },
          now: when,
        });
      }
    }
  })();
  return tools;
}
