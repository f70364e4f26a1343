// Our earlier builds kept their database as claude-mem.db, the original claude-mem's name. Ours is
// renamed to memory.db once, safely; the original's is never opened, moved or changed.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePaths, type Paths } from '../../src/config';
import { MemError } from '../../src/contracts';
import { acquireLock, adoptEarlierDatabase, earlierDatabasePending, openOurStore, openStore, queueCounts } from '../../src/store';
import { fixture, hookEnv, runHook } from '../helpers/hook-run';
import { hashOriginalFiles, ORIGINAL_DATADIR } from '../helpers/original-datadir';
import { addTurn, seedSession } from '../helpers/worker-fixtures';

let dir: string;
let paths: Paths;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-adopt-'));
  paths = resolvePaths({ CLAUDE_MEM_DATA_DIR: dir });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** claude-mem.db as an earlier build of ours left it: our schema, 3 queued events. */
function earlierOwnDatabase(): void {
  const db = openStore(paths.originalDbPath);
  addTurn(db, seedSession(db, new Date().toISOString()), { now: new Date().toISOString(), tools: 2, turnEnd: true });
  db.close();
}

describe("the original claude-mem's claude-mem.db", () => {
  it('is never touched: not renamed, not opened (no -wal/-shm, even for a moment), byte-identical; memory.db is created beside it', async () => {
    copyFileSync(join(ORIGINAL_DATADIR, 'claude-mem.db'), paths.originalDbPath);
    const before = hashOriginalFiles(dir)['claude-mem.db'];
    // SQLite creates claude-mem.db-wal/-shm when it opens the file (and may remove them on close): watch for them.
    const seen: string[] = [];
    const watcher = watch(dir, (_event, name) => void (name && seen.push(name)));
    expect(earlierDatabasePending(paths)).toBe(false);
    expect(adoptEarlierDatabase(paths)).toBe('not_ours');
    expect(adoptEarlierDatabase(paths, { holdsWorkerLock: true })).toBe('not_ours');
    const db = openOurStore(paths);
    db.close();
    await new Promise((r) => setTimeout(r, 200));
    watcher.close();
    expect(seen.filter((n) => n.startsWith('claude-mem.db'))).toEqual([]);
    expect(seen).toContain('memory.db'); // the watcher does see files come and go
    expect(existsSync(paths.dbPath)).toBe(true);
    expect(hashOriginalFiles(dir)['claude-mem.db']).toBe(before);
    expect(readdirSync(dir).filter((f) => f.startsWith('claude-mem.db'))).toEqual(['claude-mem.db']);
  });
});

describe("a later original's claude-mem.db that sets user_version", () => {
  it('is still recognized as the original\'s from its schema text, without opening it', async () => {
    const bytes = readFileSync(join(ORIGINAL_DATADIR, 'claude-mem.db'));
    bytes.writeUInt32BE(7, 60); // PRAGMA user_version = 7, written straight into the header
    writeFileSync(paths.originalDbPath, bytes);
    const seen: string[] = [];
    const watcher = watch(dir, (_event, name) => void (name && seen.push(name)));
    expect(earlierDatabasePending(paths)).toBe(false);
    expect(adoptEarlierDatabase(paths, { holdsWorkerLock: true })).toBe('not_ours');
    await new Promise((r) => setTimeout(r, 200));
    watcher.close();
    expect(seen.filter((n) => n.startsWith('claude-mem.db'))).toEqual([]);
    expect(readFileSync(paths.originalDbPath).equals(bytes)).toBe(true);
  });
});

describe("an earlier build's claude-mem.db", () => {
  it('becomes memory.db once, with everything in it and no file left behind', () => {
    earlierOwnDatabase();
    expect(earlierDatabasePending(paths)).toBe(true);
    expect(adoptEarlierDatabase(paths)).toBe('renamed');
    expect(readdirSync(dir).sort()).toEqual(['memory.db']);
    const db = openOurStore(paths);
    expect(queueCounts(db).queued).toBe(3);
    db.close();
    expect(adoptEarlierDatabase(paths)).toBe('none');
  });

  it('is left alone while another connection holds it (an earlier worker or hook): no empty memory.db beside it', () => {
    earlierOwnDatabase();
    const holder = openStore(paths.originalDbPath);
    try {
      expect(adoptEarlierDatabase(paths)).toBe('busy');
      let err: unknown;
      try {
        openOurStore(paths);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MemError);
      expect((err as MemError).kind).toBe('storage_busy');
      expect((err as MemError).hint).toContain('claude-mem worker restart');
      expect(existsSync(paths.dbPath)).toBe(false);
    } finally {
      holder.close();
    }
    expect(adoptEarlierDatabase(paths)).toBe('renamed');
  });

  it('is left alone while a worker holds the lock, unless the caller is that worker', () => {
    earlierOwnDatabase();
    const lock = acquireLock(paths.lockPath);
    try {
      expect(adoptEarlierDatabase(paths)).toBe('busy');
      expect(adoptEarlierDatabase(paths, { holdsWorkerLock: true })).toBe('renamed');
    } finally {
      lock?.release();
    }
  });

  it('8 hooks at once: exactly one renames it, every event is kept, nothing is left beside memory.db', async () => {
    earlierOwnDatabase();
    const run = mkdtempSync(join(tmpdir(), 'cm-adopt-run-'));
    try {
      const env = hookEnv(dir);
      const prompts = Array.from({ length: 8 }, (_, i) => ({
        ...fixture('2.1.197', 'UserPromptSubmit', run),
        session_id: `adopt-${i}`,
        prompt: `prompt number ${i}`,
      }));
      const results = await Promise.all(prompts.map((p) => runHook('UserPromptSubmit', JSON.stringify(p), env)));
      expect(results.map((r) => r.code)).toEqual(Array(8).fill(0));
      expect(existsSync(paths.originalDbPath)).toBe(false);
      // A hook that found the rename in progress spooled its prompt; the next hook replays it.
      await runHook('UserPromptSubmit', JSON.stringify({ ...prompts[0], session_id: 'adopt-last', prompt: 'last' }), env);
      const db = openStore(paths.dbPath, { readonly: true });
      try {
        const n = (db.prepare('SELECT COUNT(*) AS n FROM prompts').get() as { n: number }).n;
        expect(n).toBe(1 + 8 + 1); // the earlier build's prompt, the 8, and the last
        expect(queueCounts(db).queued).toBe(3);
      } finally {
        db.close();
      }
      expect(readdirSync(dir).filter((f) => f.startsWith('claude-mem.db') || f.includes('adopt'))).toEqual([]);
    } finally {
      rmSync(run, { recursive: true, force: true });
    }
  });
});
