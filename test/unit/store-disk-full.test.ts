// A really full disk (a tiny tmpfs, root only) under the database: the write fails as
// `storage_full` naming the file, and everything stored before is still there.
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemError } from '../../src/contracts';
import { enqueueEvent, openStore, upsertProject, upsertSession, type Db } from '../../src/store';
import { mountTmpfs, tmpfsUnavailable, unmount } from '../helpers/tmpfs';

const unavailable = tmpfsUnavailable(join(tmpdir(), `cm-tmpfs-probe-${process.pid}`));
let dir: string;
let mounted = false;
let db: Db | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-full-'));
});
afterEach(() => {
  if (db?.open) db.close();
  if (mounted) unmount(dir);
  mounted = false;
  rmSync(dir, { recursive: true, force: true });
});

describe('disk full', () => {
  it.skipIf(unavailable !== undefined)(
    `a write on a full disk is storage_full naming the database; earlier rows stay readable${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    () => {
      expect(mountTmpfs(dir, 'size=1m')).toBeUndefined();
      mounted = true;
      const dbPath = join(dir, 'memory.db');
      db = openStore(dbPath);
      const now = new Date().toISOString();
      const projectId = upsertProject(db, '/p', 'p', now);
      const sessionId = upsertSession(db, { host: 'claude-code', hostSessionId: 's', projectId, cwd: '/p', now }).id;
      const event = (i: number, size: number) => ({
        key: `s:${i}`,
        sessionId,
        projectId,
        promptNumber: 1,
        payload: { kind: 'tool' as const, toolName: 'Bash', toolInput: { i }, toolResponse: 'x'.repeat(size), failed: false, cwd: '/p' },
        now,
      });
      for (let i = 0; i < 5; i++) expect(enqueueEvent(db, event(i, 100))).toBe(true);
      // Ballast to delete later, proving the store recovers once space is freed.
      const ballast = join(dir, 'ballast');
      writeFileSync(ballast, Buffer.alloc(128 * 1024));

      let failure: unknown;
      let stored = 5;
      for (let i = 5; i < 1000 && failure === undefined; i++) {
        try {
          if (enqueueEvent(db, event(i, 20_000))) stored++;
        } catch (err) {
          failure = err;
        }
      }
      expect(failure, 'the disk never filled').toBeInstanceOf(MemError);
      expect((failure as MemError).kind).toBe('storage_full');
      expect((failure as MemError).message).toContain(dbPath);
      expect((failure as MemError).hint).toMatch(/Free some disk space/);

      // The same connection still reads everything stored before the failure.
      expect(db.prepare('SELECT COUNT(*) AS n FROM queue').get()).toEqual({ n: stored });
      unlinkSync(ballast);
      expect(enqueueEvent(db, event(5000, 100))).toBe(true);
      db.close();

      db = openStore(dbPath, { readonly: true });
      const keys = (db.prepare('SELECT key FROM queue ORDER BY id LIMIT 5').all() as Array<{ key: string }>).map((r) => r.key);
      expect(keys).toEqual(['s:0', 's:1', 's:2', 's:3', 's:4']);
      expect(db.prepare('SELECT COUNT(*) AS n FROM queue').get()).toEqual({ n: stored + 1 });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    },
  );
});
