import { queuedChars, usageOn, type Db, type PendingTurn } from '../store';

/** A turn without a Stop is processed once its oldest event is this old (ms). */
export const TURN_IDLE_MS = 20_000;

/** The turn has ended: a Stop, a later prompt, or the session's end. Only then is it summarized. */
export function turnOver(t: PendingTurn): boolean {
  return t.hasTurnEnd || t.laterPrompt || t.sessionEnded;
}

/**
 * Whether a pending turn should be compressed now: it is over, has gone idle (no Stop came), or
 * holds a full batch already.
 */
export function turnReady(db: Db, t: PendingTurn, now: Date, o: { idleMs: number; batchMaxChars: number }): boolean {
  return (
    turnOver(t) ||
    now.getTime() - Date.parse(t.oldestAt) >= o.idleMs ||
    queuedChars(db, t.sessionId, t.promptNumber, now.toISOString()) >= o.batchMaxChars
  );
}

/** Today's tokens (UTC day) have reached CLAUDE_MEM_DAILY_TOKEN_BUDGET (0 = no budget). */
export function budgetSpent(db: Db, budget: number, now: Date): boolean {
  if (budget <= 0) return false;
  const u = usageOn(db, now.toISOString().slice(0, 10));
  return u.inputTokens + u.outputTokens >= budget;
}
