import { isMemError, type HookEvent, type MemError } from '../contracts';
import { storageError, type Db } from '../store';
import {
  CLAUDE_CODE,
  CLAUDE_CODE_EVENTS,
  formatClaudeCodeAnswer,
  parseClaudeCodeEvent,
} from './claude-code';
import { onSessionEnd } from './session-end';
import { onSessionStart } from './session-start';
import { onToolUse } from './tool-use';
import { onTurnEnd } from './turn-end';
import type { HandlerResult, HookDeps, MemoryEvent } from './types';
import { onUserPrompt } from './user-prompt';
import { ensureSpoolReserve, replaySpool, spoolEvent } from './spool';
import { MAX_STDIN_BYTES, type StdinResult } from './stdin';

/**
 * Run one Claude Code hook: parse, dispatch, answer. Never throws and never fails the host:
 * when memory is unavailable (bad input, unknown event, database busy or full…) it logs why and
 * answers with nothing. All writes of one hook run in one transaction, so a failure leaves
 * nothing half-written.
 */
export function runClaudeCodeHook(
  eventArg: string | undefined,
  stdin: StdinResult,
  deps: Omit<HookDeps, 'db'> & {
    openDb: () => Db;
    /** settings.json (or a CLAUDE_MEM_* variable) is broken: `deps.settings` are the defaults. */
    configProblem?: MemError;
    /** Say something on the hook's stderr (Claude Code shows it in debug mode). */
    alert?: (line: string) => void;
  },
): string {
  const started = deps.now().getTime();
  if (!stdin.ok) {
    deps.log.warn(
      `hook stdin ${stdin.reason === 'empty' ? 'was empty' : `is too large to keep even cut (${stdin.bytes}+ bytes)`}: nothing recorded`,
      {
        event: eventArg ?? null,
      },
    );
    return '';
  }
  let payload: unknown;
  try {
    payload = JSON.parse(stdin.text);
  } catch (err) {
    // The parser's message quotes the input, which may hold secrets: log only its size.
    void err;
    deps.log.warn('hook stdin is not valid JSON: nothing recorded', {
      event: eventArg ?? null,
      bytes: stdin.cut?.bytes ?? stdin.text.length,
    });
    return '';
  }
  const name = eventArg ?? (payload as { hook_event_name?: unknown } | null)?.hook_event_name;
  if (!isHookEvent(name)) {
    deps.log.warn('unknown hook event: nothing recorded', {
      event: typeof name === 'string' ? name.slice(0, 64) : null,
    });
    return '';
  }
  const parsed = parseClaudeCodeEvent(name, payload);
  if (!parsed.ok) {
    deps.log.warn(parsed.reason);
    return '';
  }
  if (stdin.cut) {
    const note = `[claude-mem: the hook payload was ${stdin.cut.bytes} bytes, over the ${MAX_STDIN_BYTES} byte limit; ${stdin.cut.chars} chars were cut from the middle of its longest strings]`;
    deps.log.warn('hook payload over the size limit: kept with long strings cut', { event: name, ...stdin.cut });
    if (parsed.event.type === 'tool') parsed.event.cut = note;
  }
  const keep = (why: string) =>
    spoolEvent(parsed.event, { paths: deps.paths, log: deps.log, now: deps.now(), redact: deps.settings.CLAUDE_MEM_REDACT_SECRETS, alert: deps.alert }, why);
  if (deps.configProblem) {
    // Recording under default settings could capture an excluded project or skip redaction the
    // user asked for: keep the event (redacted) until a hook runs with a valid configuration.
    const p = deps.configProblem;
    deps.log.error(`${name} hook: the configuration is broken; event spooled until it is fixed: ${p.message}`, {
      kind: p.kind,
      fix: p.hint ?? null,
    });
    deps.alert?.(`claude-mem: ${p.message}${p.hint ? ` Fix: ${p.hint}` : ''} Events are kept in the spool until then.\n`);
    if (parsed.event.type !== 'session_start') keep(p.kind);
    return '';
  }

  let db: Db | undefined;
  const handlerDeps: HookDeps = {
    ...deps,
    db: () => {
      if (!db) {
        db = deps.openDb();
        db.exec('BEGIN IMMEDIATE');
      }
      return db;
    },
  };
  try {
    const result = dispatch(handlerDeps, parsed.event);
    if (db?.inTransaction) db.exec('COMMIT');
    if (db) {
      replaySpooled(db, handlerDeps);
      ensureSpoolReserve(deps.paths, deps.log);
    }
    deps.log.debug('hook done', { event: name, ms: deps.now().getTime() - started });
    return formatClaudeCodeAnswer(name, result);
  } catch (err) {
    const e = isMemError(err) ? err : storageError(err, deps.paths.dbPath);
    deps.log.error(`${name} hook could not record: ${e.message}`, { kind: e.kind });
    // Session start only reads and answers; anything else is kept for the next hook to replay.
    if (parsed.event.type !== 'session_start') keep(e.kind);
    return '';
  } finally {
    closeQuietly(db, deps);
  }
}

/** Events an earlier hook could not store: recorded now that the database answers, one transaction each. */
function replaySpooled(db: Db, deps: HookDeps): void {
  try {
    replaySpool(
      deps.paths,
      (ev, id) => {
        db.exec('BEGIN IMMEDIATE');
        try {
          // Once per spool file: a hook that read the same file while another replayed it
          // finds its id here and records nothing.
          const fresh = db
            .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING')
            .run(`spool-replayed:${id}`, deps.now().toISOString()).changes;
          if (fresh === 1) dispatch({ ...deps, db: () => db }, ev);
          db.exec('COMMIT');
        } catch (err) {
          db.exec('ROLLBACK');
          throw err;
        }
      },
      deps.log,
    );
  } catch (err) {
    // The spool stays for the next hook; this hook's own event is already stored.
    deps.log.warn('could not replay spooled events yet', { error: (err as Error).message });
  }
}

function dispatch(deps: HookDeps, ev: MemoryEvent): HandlerResult {
  switch (ev.type) {
    case 'session_start':
      return onSessionStart(deps, CLAUDE_CODE, ev);
    case 'prompt':
      return onUserPrompt(deps, CLAUDE_CODE, ev);
    case 'tool':
      return onToolUse(deps, CLAUDE_CODE, ev);
    case 'turn_end':
      return onTurnEnd(deps, CLAUDE_CODE, ev);
    case 'session_end':
      return onSessionEnd(deps, CLAUDE_CODE, ev);
  }
}

function isHookEvent(name: unknown): name is HookEvent {
  return typeof name === 'string' && (CLAUDE_CODE_EVENTS as readonly string[]).includes(name);
}

function closeQuietly(db: Db | undefined, deps: Pick<HookDeps, 'log'>): void {
  if (!db) return;
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  } catch (err) {
    deps.log.warn('could not close the database cleanly', { error: (err as Error).message });
  }
}
