import { openStore, type Db } from '../store';

/**
 * How long a hook waits for another writer (the worker) before giving up and logging
 * `storage_busy`: worker transactions are short, and Claude Code waits on the hook.
 */
export const HOOK_BUSY_TIMEOUT_MS = 2_000;

export function openHookStore(dbPath: string): Db {
  return openStore(dbPath, { busyTimeoutMs: HOOK_BUSY_TIMEOUT_MS });
}
