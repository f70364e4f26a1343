import type { FailureKind } from '../contracts';
import type { Db } from './db';

/** Failure kinds that stop every model call until the user changes something (see worker/drain.ts). */
const NEEDS_USER: FailureKind[] = ['auth', 'quota', 'bad_request'];

/**
 * Why events are waiting for the user: the newest queued event whose last attempt failed with a
 * kind no retry can fix (no key, no `claude` CLI, not logged in, no quota left). Undefined when
 * nothing waits on the user.
 */
export function waitingOnUser(db: Db): { kind: FailureKind; message: string } | undefined {
  return db
    .prepare(
      `SELECT last_error_kind AS kind, last_error_message AS message FROM queue
       WHERE state = 'queued' AND last_error_kind IN (${NEEDS_USER.map(() => '?').join(', ')})
       ORDER BY updated_at DESC, id DESC LIMIT 1`,
    )
    .get(...NEEDS_USER) as { kind: FailureKind; message: string } | undefined;
}

const HINT_KEY = 'setup_hint_shown';

/** Whether the session-start memory already told the user about this problem (`key`). */
export function setupHintShown(db: Db, key: string): boolean {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(HINT_KEY) as { value: string } | undefined;
  return row?.value === key;
}

export function markSetupHintShown(db: Db, key: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    HINT_KEY,
    key,
  );
}
