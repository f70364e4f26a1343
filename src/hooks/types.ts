import type { HookSettings, Paths } from '../config';
import type { Logger } from '../log';
import type { Db } from '../store';

/**
 * What a host (Claude Code today) tells us, in the host's neutral words. A host adapter turns its
 * own payloads into these; the handlers never see a host's field names.
 */
interface EventBase {
  /** The host's session id. */
  sessionId: string;
  cwd: string;
}
export type MemoryEvent =
  | (EventBase & { type: 'session_start'; source: string })
  | (EventBase & { type: 'prompt'; prompt: string })
  | (EventBase & {
      type: 'tool';
      toolName: string;
      toolUseId: string;
      toolInput: unknown;
      toolResponse: unknown;
      failed: boolean;
      /** Set when the payload was over the stdin limit and long strings were cut: says how much. */
      cut?: string;
    })
  | (EventBase & { type: 'turn_end'; lastAssistantMessage: string })
  | (EventBase & { type: 'session_end'; reason: string });

/** What a handler hands back: memory to inject into the session (SessionStart, UserPromptSubmit), or nothing. */
export interface HandlerResult {
  context?: string;
}

/** The handler of one kind of event: every hook runs through one, with the same dependencies. */
export type Handler<T extends MemoryEvent['type']> = (
  deps: HookDeps,
  host: HostInfo,
  ev: Extract<MemoryEvent, { type: T }>,
) => HandlerResult;

/** Identity of the host, stamped on sessions and on queue keys. */
export interface HostInfo {
  /** `sessions.host` value, e.g. `claude-code`. */
  host: string;
  /** Prefix of idempotency keys, e.g. `cc`. */
  keyPrefix: string;
}

/** Everything a handler uses, injected so tests need no module mocks. */
export interface HookDeps {
  settings: HookSettings;
  paths: Paths;
  log: Logger;
  now: () => Date;
  /** Opened lazily: a handler that has nothing to record never touches the database. */
  db: () => Db;
  /** The user's home, for `~/` in CLAUDE_MEM_EXCLUDED_PROJECTS. */
  home: string;
  /** Start the worker in the background without waiting for it. */
  startWorker: () => void;
}
