import { randomBytes, randomInt } from 'node:crypto';
import { sameSecret } from './token';

/**
 * Short-lived, single-use codes with a limit on wrong guesses, for the viewer's login link and
 * for confirming a risky change from the terminal. Wrong attempts are counted across every open
 * code (a guesser does not say which code it aims at); at the limit every open code is void and
 * the user asks the terminal for a new one. Codes live only in this process's memory.
 */
export interface CodeBook<T> {
  issue(payload: T): { code: string; expiresAt: string };
  /** The payload of a right, live code (consumed), or why not. */
  redeem(code: string): { ok: true; payload: T } | { ok: false; reason: 'wrong' | 'expired' | 'locked' };
  /** Wrong attempts left before every open code is void. */
  attemptsLeft(): number;
}

export interface CodeBookOptions {
  ttlMs: number;
  maxFailures: number;
  /** `hex` for links (long, never typed); `human` for codes a person types (XXXX-XXXX). */
  style: 'hex' | 'human';
  now?: () => Date;
  /** Most codes open at once (oldest dropped). */
  maxOpen?: number;
}

// No 0/O, 1/I/L: a person reads these off a terminal and types them.
const HUMAN = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function createCodeBook<T>(opts: CodeBookOptions): CodeBook<T> {
  const now = opts.now ?? (() => new Date());
  const open = new Map<string, { payload: T; exp: number }>();
  let failures = 0;
  const normalize = (code: string) => (opts.style === 'human' ? code.toUpperCase().replace(/[^A-Z0-9]/g, '') : code.trim());
  return {
    issue(payload) {
      const t = now().getTime();
      for (const [k, v] of open) if (v.exp <= t) open.delete(k);
      while (open.size >= (opts.maxOpen ?? 16)) open.delete(open.keys().next().value as string);
      const code =
        opts.style === 'hex'
          ? randomBytes(16).toString('hex')
          : Array.from({ length: 8 }, () => HUMAN[randomInt(HUMAN.length)]).join('');
      open.set(code, { payload, exp: t + opts.ttlMs });
      // A fresh code from the terminal restarts the count: the limit bounds guesses per code issued.
      failures = 0;
      const shown = opts.style === 'human' ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
      return { code: shown, expiresAt: new Date(t + opts.ttlMs).toISOString() };
    },
    redeem(given) {
      if (failures >= opts.maxFailures) return { ok: false, reason: 'locked' };
      const code = normalize(given);
      const hit = [...open.keys()].find((k) => sameSecret(k, code));
      const entry = hit === undefined ? undefined : open.get(hit);
      if (hit === undefined || entry === undefined) {
        failures++;
        if (failures >= opts.maxFailures) open.clear();
        return { ok: false, reason: failures >= opts.maxFailures ? 'locked' : 'wrong' };
      }
      open.delete(hit);
      if (entry.exp <= now().getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, payload: entry.payload };
    },
    attemptsLeft: () => Math.max(0, opts.maxFailures - failures),
  };
}
