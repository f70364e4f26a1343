import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, isLockHeld } from '../../src/store';
import { ensureToken, readToken } from '../../src/worker';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'cm-lock-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('worker single-instance lock', () => {

  it('one holder at a time; a second taker is refused at once; release frees it', () => {
    const path = join(dir, 'worker.lock');
    expect(isLockHeld(path)).toBe(false);
    const lock = acquireLock(path);
    expect(lock).toBeDefined();
    expect(isLockHeld(path)).toBe(true);
    expect(acquireLock(path, { busyTimeoutMs: 0 })).toBeUndefined();
    lock?.release();
    expect(isLockHeld(path)).toBe(false);
    const again = acquireLock(path);
    expect(again).toBeDefined();
    again?.release();
  });

  it('a file that is not a lock database is not mistaken for a held lock', () => {
    const path = join(dir, 'worker.lock');
    writeFileSync(path, 'garbage that is not sqlite');
    expect(isLockHeld(path)).toBe(false);
  });
});

describe('worker token', () => {

  it('is created once (0600, 256 random bits) and then read back unchanged', () => {
    const path = join(dir, 'worker.token');
    expect(readToken(path)).toBeUndefined();
    const a = ensureToken(path);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(ensureToken(path)).toBe(a);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
