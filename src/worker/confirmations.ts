import { createCodeBook } from './one-time-codes';

/** A change the viewer asked for that waits for the terminal's confirmation. */
export interface PendingChange {
  target: 'setting' | 'credential';
  key: string;
  /** The new value; null removes it. Never shown: `display` is. */
  value: string | null;
  /** The value as it may be shown (URLs without user info or query; keys never). */
  display: string;
  /** Why it needs confirming, e.g. "CLAUDE_MEM_EMBEDDINGS_BASE_URL decides which server receives your data". */
  reason: string;
}

export type CheckOutcome = 'ok' | 'wrong' | 'expired' | 'locked' | 'mismatch';

/**
 * Risky changes from the viewer need a code that only the terminal can get (`claude-mem confirm`
 * with the install token). The code is bound to the one change it was issued for, works once,
 * for CONFIRM_TTL_MS, and CONFIRM_MAX_FAILURES wrong codes void it.
 */
export interface ConfirmationStore {
  /** Remember the change the viewer asked for; the latest request replaces an earlier one. */
  ask(change: PendingChange): void;
  /** For the terminal: a code for the change waiting now, or undefined when none waits. */
  issue(): { code: string; expiresAt: string; change: Omit<PendingChange, 'value'> } | undefined;
  /** Check (and consume) the code sent along with a change. */
  check(code: string, change: Pick<PendingChange, 'target' | 'key' | 'value'>): CheckOutcome;
  attemptsLeft(): number;
}

export const CONFIRM_TTL_MS = 5 * 60_000;
export const CONFIRM_MAX_FAILURES = 5;

export function createConfirmationStore(now: () => Date = () => new Date()): ConfirmationStore {
  const codes = createCodeBook<PendingChange>({ ttlMs: CONFIRM_TTL_MS, maxFailures: CONFIRM_MAX_FAILURES, style: 'human', now, maxOpen: 4 });
  let pending: { change: PendingChange; until: number } | undefined;
  return {
    ask(change) {
      pending = { change, until: now().getTime() + CONFIRM_TTL_MS };
    },
    issue() {
      if (!pending || pending.until <= now().getTime()) return undefined;
      const { change } = pending;
      const { code, expiresAt } = codes.issue(change);
      const { value, ...shown } = change;
      void value; // the terminal is shown the display form only
      return { code, expiresAt, change: shown };
    },
    check(code, change) {
      const r = codes.redeem(code);
      const outcome: CheckOutcome = !r.ok
        ? r.reason
        : r.payload.target !== change.target || r.payload.key !== change.key || r.payload.value !== change.value
          ? 'mismatch'
          : 'ok';
      // Only a mistyped code leaves the request waiting; anything else ends it.
      if (outcome !== 'wrong') pending = undefined;
      return outcome;
    },
    attemptsLeft: () => codes.attemptsLeft(),
  };
}
