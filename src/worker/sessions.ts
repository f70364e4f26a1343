import { randomBytes } from 'node:crypto';
import { createCodeBook } from './one-time-codes';

/**
 * Viewer sign-in without ever putting the install token in a browser: a token holder (the CLI's
 * `open`) asks for a one-time code, the browser trades it at `/login` for a random session id in
 * an HttpOnly cookie. Both live only in this process's memory, so a restart signs everyone out.
 */
export interface SessionStore {
  createCode(): { code: string; expiresAt: string };
  /** Consume a code; a valid one yields a new session id. Codes work once. */
  redeem(code: string): string | undefined;
  isValid(sessionId: string): boolean;
}

export const CODE_TTL_MS = 60_000;
/** Wrong login codes tried before every open code is void (`claude-mem open` makes a new one). */
export const LOGIN_MAX_FAILURES = 10;
const SESSION_TTL_MS = 7 * 24 * 3600_000;
const MAX_SESSIONS = 100;

export function createSessionStore(now: () => Date = () => new Date()): SessionStore {
  const codes = createCodeBook<null>({ ttlMs: CODE_TTL_MS, maxFailures: LOGIN_MAX_FAILURES, style: 'hex', now });
  const sessions = new Map<string, number>();
  const prune = (map: Map<string, number>, t: number) => {
    for (const [k, exp] of map) if (exp <= t) map.delete(k);
  };
  return {
    createCode() {
      return codes.issue(null);
    },
    redeem(code) {
      if (!codes.redeem(code).ok) return undefined;
      const t = now().getTime();
      prune(sessions, t);
      // Oldest sessions go first when a runaway script keeps logging in.
      while (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
      const id = randomBytes(32).toString('hex');
      sessions.set(id, t + SESSION_TTL_MS);
      return id;
    },
    isValid(sessionId) {
      const exp = sessions.get(sessionId);
      return exp !== undefined && exp > now().getTime();
    },
  };
}
