import { openOurStore, type Db, type DbFiles } from '../store';

/**
 * How long a hook waits for another writer (the worker) before giving up and logging
 * `storage_busy`: worker transactions are short, and Claude Code waits on the hook.
 */
export const HOOK_BUSY_TIMEOUT_MS = 2_000;

/** Our database (adopting an earlier build's claude-mem.db first; `storage_busy` spools the event meanwhile). */
export function openHookStore(files: DbFiles): Db {
  return openOurStore(files, { busyTimeoutMs: HOOK_BUSY_TIMEOUT_MS });
}
