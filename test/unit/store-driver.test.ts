// The SQLite driver contract: every driver this Node can load (node:sqlite on 22.16+,
// better-sqlite3 where it is installed and built for this Node) behaves the same through the
// store's `Db` interface. CI runs this file under Node 20 (better-sqlite3) and Node 24
// (node:sqlite): scripts/test-node-matrix.sh.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isMemError } from '../../src/contracts';
import {
  availableDrivers,
  openDatabase,
  openStore,
  sqliteDriver,
  sqliteErrorCode,
  storageError,
  type Db,
  type SqliteDriver,
  type Statement,
} from '../../src/store';
// The adapter itself, to run it as Node releases before 22.16 would (no isTransaction).
import { openNodeSqlite, type NodeSqliteModule } from '../../src/store/node-sqlite';

const dir = mkdtempSync(join(tmpdir(), 'cm-driver-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = (): string => join(dir, `db-${n++}.sqlite`);

/** Whether this Node's own SQLite has FTS5 (Node 22.16+), asked without the store's code. */
function builtinWithFts5(): boolean {
  const mod = process.getBuiltinModule?.('node:sqlite') as
    { DatabaseSync: new (path: string) => { exec(sql: string): void; close(): void } } | undefined;
  if (!mod) return false;
  const db = new mod.DatabaseSync(':memory:');
  try {
    db.exec('CREATE VIRTUAL TABLE temp.f USING fts5(x)');
    return true;
  } catch (err) {
    return !/no such module/.test((err as Error).message);
  } finally {
    db.close();
  }
}

describe('driver selection', () => {
  it('finds a driver, and prefers node:sqlite where this Node has it with FTS5 (no native module needed)', () => {
    const drivers = availableDrivers();
    expect(drivers.length).toBeGreaterThan(0);
    expect(sqliteDriver()).toBe(drivers[0]);
    expect(sqliteDriver()).toBe(builtinWithFts5() ? 'node:sqlite' : 'better-sqlite3');
  });
});

describe.each(availableDrivers())('the %s driver', (driver: SqliteDriver) => {
  const open = (path = freshPath(), readonly = false): Db =>
    openDatabase(path, { driver, readonly });

  function withTable(): Db {
    const db = open();
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, c BLOB)');
    return db;
  }

  it('runs statements: changes, lastInsertRowid, positional and @named parameters', () => {
    const db = withTable();
    const first = db.prepare('INSERT INTO t (a, b) VALUES (?, ?)').run('x', 1);
    expect(first.changes).toBe(1);
    expect(Number(first.lastInsertRowid)).toBe(1);
    const named = db.prepare('INSERT INTO t (a, b) VALUES (@a, @b)').run({ a: 'y', b: 2 });
    expect(Number(named.lastInsertRowid)).toBe(2);
    expect(db.prepare('UPDATE t SET b = b + 10').run().changes).toBe(2);
    expect({ ...(db.prepare('SELECT a, b FROM t WHERE id = ?').get(2) as object) }).toEqual({
      a: 'y',
      b: 12,
    });
    expect(db.prepare('SELECT a FROM t WHERE id = ?').get(99)).toBeUndefined();
    expect(
      (db.prepare('SELECT a FROM t ORDER BY id').all() as Array<{ a: string }>).map((r) => r.a),
    ).toEqual(['x', 'y']);
    expect(
      [...db.prepare('SELECT id FROM t WHERE b > ? ORDER BY id').iterate(0)].map(
        (r) => (r as { id: number }).id,
      ),
    ).toEqual([1, 2]);
    db.close();
  });

  it('reads integers as numbers, NULL as null, and BLOBs as bytes', () => {
    const db = withTable();
    const big = Number.MAX_SAFE_INTEGER;
    db.prepare('INSERT INTO t (a, b, c) VALUES (?, ?, ?)').run(null, big, Buffer.from([1, 2, 250]));
    const row = db.prepare('SELECT a, b, c FROM t').get() as {
      a: unknown;
      b: unknown;
      c: Uint8Array;
    };
    expect(row.a).toBeNull();
    expect(row.b).toBe(big);
    expect(row.c).toBeInstanceOf(Uint8Array);
    expect([...row.c]).toEqual([1, 2, 250]);
    db.close();
  });

  it('answers pragmas: all rows, or with simple the first value', () => {
    const db = open();
    expect(db.pragma('journal_mode = WAL', { simple: true })).toBe('wal');
    db.pragma('user_version = 7');
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    expect(db.pragma('user_version')).toEqual([expect.objectContaining({ user_version: 7 })]);
    db.close();
  });

  it('has FTS5 (with bm25 and fts5vocab) and JSON functions', () => {
    const db = open();
    db.exec(`CREATE VIRTUAL TABLE f USING fts5(title, body, tokenize = 'porter unicode61');
      CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, f, row);`);
    db.prepare('INSERT INTO f (title, body) VALUES (?, ?)').run(
      'Caching layer',
      'the worker caches prepared statements',
    );
    const hit = db
      .prepare('SELECT rowid AS id, bm25(f, 2, 1) AS score FROM f WHERE f MATCH ?')
      .get('"statement"') as { id: number; score: number };
    expect(hit.id).toBe(1);
    expect(hit.score).toBeLessThan(0);
    expect(db.prepare('SELECT doc FROM temp.v WHERE term = ?').get('cach')).toEqual(
      expect.objectContaining({ doc: 1 }),
    );
    expect(db.prepare(`SELECT COUNT(*) AS n FROM json_each(?)`).get('[1,2,3]')).toEqual(
      expect.objectContaining({ n: 3 }),
    );
    db.close();
  });

  it('commits a transaction, and rolls it back whole when the function throws', () => {
    const db = withTable();
    const insert = db.prepare('INSERT INTO t (a) VALUES (?)');
    const add = db.transaction((...values: string[]) => {
      for (const v of values) insert.run(v);
      return values.length;
    });
    expect(add('a', 'b')).toBe(2);
    expect(() =>
      db.transaction(() => {
        insert.run('c');
        throw new Error('changed my mind');
      })(),
    ).toThrow('changed my mind');
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual(
      expect.objectContaining({ n: 2 }),
    );
    db.close();
  });

  it('nests transactions as savepoints, also inside a BEGIN IMMEDIATE issued by hand (as hooks do)', () => {
    const db = withTable();
    const insert = db.prepare('INSERT INTO t (a) VALUES (?)');
    db.exec('BEGIN IMMEDIATE');
    expect(db.inTransaction).toBe(true);
    db.transaction(() => insert.run('kept')).immediate();
    expect(() =>
      db
        .transaction(() => {
          insert.run('dropped');
          throw new Error('inner fails');
        })
        .immediate(),
    ).toThrow('inner fails');
    expect(db.inTransaction).toBe(true);
    db.exec('COMMIT');
    expect(db.inTransaction).toBe(false);
    expect((db.prepare('SELECT a FROM t').all() as Array<{ a: string }>).map((r) => r.a)).toEqual([
      'kept',
    ]);
    db.close();
  });

  it('refuses a transaction function that returns a promise (a lock must not span an await)', () => {
    const db = withTable();
    expect(() => db.transaction(async () => 1)()).toThrow(TypeError);
    expect(db.inTransaction).toBe(false);
    db.close();
  });

  it('immediate takes the write lock up front: another writer gets SQLITE_BUSY, mapped to storage_busy', () => {
    const path = freshPath();
    const a = open(path);
    a.exec('CREATE TABLE t (x)');
    a.pragma('journal_mode = WAL');
    const b = open(path);
    b.pragma('busy_timeout = 0');
    // A deferred transaction that has not written yet holds no write lock.
    a.transaction(() => b.exec('BEGIN IMMEDIATE; COMMIT'))();
    let caught: unknown;
    a.transaction(() => {
      try {
        b.exec('BEGIN IMMEDIATE');
      } catch (err) {
        caught = err;
      }
    }).immediate();
    expect(sqliteErrorCode(caught)).toBe('SQLITE_BUSY');
    const mapped = storageError(caught, path);
    expect(isMemError(mapped) && mapped.kind).toBe('storage_busy');
    a.close();
    b.close();
  });

  it('opens read-only: a missing file is SQLITE_CANTOPEN, a write is SQLITE_READONLY', () => {
    let missing: unknown;
    try {
      open(join(dir, 'nope.sqlite'), true);
    } catch (err) {
      missing = err;
    }
    expect(sqliteErrorCode(missing)).toBe('SQLITE_CANTOPEN');
    const path = freshPath();
    open(path).exec('CREATE TABLE t (x)');
    const ro = open(path, true);
    let write: unknown;
    try {
      ro.exec('INSERT INTO t VALUES (1)');
    } catch (err) {
      write = err;
    }
    expect(sqliteErrorCode(write)).toMatch(/^SQLITE_READONLY/);
    expect(storageError(write, path).kind).toBe('storage_unwritable');
    ro.close();
  });

  it('reports constraint errors by their SQLite code, and is not an SQLite error otherwise', () => {
    const db = open();
    db.exec('CREATE TABLE u (k TEXT PRIMARY KEY)');
    db.prepare('INSERT INTO u VALUES (?)').run('a');
    let dup: unknown;
    try {
      db.prepare('INSERT INTO u VALUES (?)').run('a');
    } catch (err) {
      dup = err;
    }
    expect(sqliteErrorCode(dup)).toMatch(/^SQLITE_CONSTRAINT/);
    expect(sqliteErrorCode(new Error('plain'))).toBe('');
    db.close();
  });

  it('closes once or twice, and says whether it is open', () => {
    const db = open();
    expect(db.open).toBe(true);
    db.close();
    db.close();
    expect(db.open).toBe(false);
  });

  it('runs the whole store: openStore migrates, WAL, foreign keys on', () => {
    if (driver !== sqliteDriver()) return; // openStore uses the process's driver
    const db = openStore(freshPath());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    db.close();
  });
});

describe.runIf(availableDrivers().includes('node:sqlite'))(
  'node:sqlite without isTransaction (before Node 22.16)',
  () => {
    it('still knows whether a transaction is open, and nests in savepoints', () => {
      type Raw = { prepare(sql: string): Statement; exec(sql: string): void; close(): void };
      const mod = process.getBuiltinModule('node:sqlite') as unknown as NodeSqliteModule & {
        DatabaseSync: new (path: string) => Raw;
      };
      // The same connection, minus the isTransaction getter the older releases lack.
      const legacy: NodeSqliteModule = {
        StatementSync: mod.StatementSync,
        DatabaseSync: class {
          constructor(path: string) {
            const real = new mod.DatabaseSync(path);
            return {
              prepare: (sql: string) => real.prepare(sql),
              exec: (sql: string) => real.exec(sql),
              close: () => real.close(),
            };
          }
        } as unknown as NodeSqliteModule['DatabaseSync'],
      };
      const db = openNodeSqlite(legacy, freshPath(), false);
      db.exec('CREATE TABLE t (a TEXT)');
      expect(db.inTransaction).toBe(false);
      db.exec('BEGIN IMMEDIATE');
      expect(db.inTransaction).toBe(true);
      expect(() =>
        db.transaction(() => {
          db.prepare('INSERT INTO t VALUES (?)').run('dropped');
          throw new Error('inner fails');
        })(),
      ).toThrow('inner fails');
      db.transaction(() => db.prepare('INSERT INTO t VALUES (?)').run('kept'))();
      db.exec('COMMIT');
      expect(db.inTransaction).toBe(false);
      expect((db.prepare('SELECT a FROM t').all() as Array<{ a: string }>).map((r) => r.a)).toEqual(
        ['kept'],
      );
      db.close();
    });
  },
);
