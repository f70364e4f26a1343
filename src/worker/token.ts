import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, closeSync, openSync, statSync, writeSync } from 'node:fs';
import { MemError } from '../contracts';
import { readIfPresent } from './read-if-present';

/**
 * The per-install API token in `<data dir>/worker.token` (0600): created once, with the first
 * process to get there winning (`wx`), and read by the worker and the CLI. It never changes, so a
 * CLI started before the worker and the worker agree on it.
 */
export function ensureToken(path: string): string {
  try {
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return readToken(path) as string;
}

/** The token, or `undefined` when no worker has ever created it. */
export function readToken(path: string): string | undefined {
  const text = readIfPresent(path);
  if (text === undefined) return undefined;
  const token = text.trim();
  if (!/^[0-9a-f]{32,}$/.test(token)) {
    throw new MemError('config_invalid', `${path} does not hold a valid worker token.`, {
      hint: `Delete ${path} and run \`claude-mem worker restart\` to create a new one.`,
    });
  }
  return token;
}

/** Constant-time comparison, so response timing does not leak how much of a guess was right. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
