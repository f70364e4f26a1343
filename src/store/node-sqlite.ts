import type { Db, Statement, Transaction } from './driver';

/**
 * The node:sqlite adapter: `DatabaseSync` behind the better-sqlite3-shaped `Db` the store uses.
 * Statements are node:sqlite's own (`run`/`get`/`all`/`iterate` already match); only the
 * connection needs translating: `pragma`, `transaction`, `inTransaction`, `open`.
 */

/** The part of node:sqlite used here (@types/node 20 does not describe it). */
export interface NodeSqliteModule {
  DatabaseSync: new (path: string, options?: { readOnly?: boolean }) => DatabaseSync;
  StatementSync: { prototype: { iterate?: unknown } };
}

interface DatabaseSync {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  close(): void;
  /** Node 22.16+ and 24; earlier it is probed (see `inTransaction`). */
  readonly isTransaction?: boolean;
}

export function openNodeSqlite(mod: NodeSqliteModule, path: string, readonly: boolean): Db {
  return new NodeSqliteDb(new mod.DatabaseSync(path, { readOnly: readonly }), path);
}

class NodeSqliteDb implements Db {
  readonly #db: DatabaseSync;
  readonly #hasIsTransaction: boolean;
  #open = true;
  readonly name: string;

  constructor(db: DatabaseSync, name: string) {
    this.#db = db;
    this.#hasIsTransaction = typeof db.isTransaction === 'boolean';
    this.name = name;
  }

  get open(): boolean {
    return this.#open;
  }

  get inTransaction(): boolean {
    if (!this.#open) return false;
    if (this.#hasIsTransaction) return this.#db.isTransaction as boolean;
    // Older node:sqlite builds (Node 23) cannot say. A deferred BEGIN takes no lock and fails only inside a
    // transaction, so BEGIN + ROLLBACK answers without side effects.
    try {
      this.#db.exec('BEGIN');
    } catch (err) {
      if (/within a transaction/.test((err as Error).message)) return true;
      throw err;
    }
    this.#db.exec('ROLLBACK');
    return false;
  }

  prepare(sql: string): Statement {
    return this.#db.prepare(sql);
  }

  exec(sql: string): this {
    this.#db.exec(sql);
    return this;
  }

  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const rows = this.#db.prepare(`PRAGMA ${source}`).all() as Array<Record<string, unknown>>;
    if (!options.simple) return rows;
    const first = rows[0];
    return first === undefined ? undefined : Object.values(first)[0];
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  transaction<F extends (...args: any[]) => unknown>(fn: F): Transaction<F> {
    const run =
      (begin: string) =>
      (...args: unknown[]): unknown =>
        // Nested: a savepoint inside the open transaction; only the outermost one commits.
        this.#runIn(
          this.inTransaction ? SAVEPOINT : { begin, commit: 'COMMIT', rollback: 'ROLLBACK' },
          fn,
          args,
        );
    return Object.assign(run('BEGIN'), {
      immediate: run('BEGIN IMMEDIATE'),
    }) as unknown as Transaction<F>;
  }

  close(): this {
    // better-sqlite3 allows closing twice; node:sqlite throws, so keep its behaviour.
    if (this.#open) this.#db.close();
    this.#open = false;
    return this;
  }

  #runIn(
    tx: { begin: string; commit: string; rollback: string },
    fn: (...args: unknown[]) => unknown,
    args: unknown[],
  ): unknown {
    this.#db.exec(tx.begin);
    try {
      const result = settled(fn(...args));
      this.#db.exec(tx.commit);
      return result;
    } catch (err) {
      // A failed COMMIT (SQLITE_BUSY) may leave the transaction open; a constraint error in fn
      // leaves it open too. Either way, nothing of it is kept. Some errors (a full disk, an I/O
      // error) make SQLite roll back the whole transaction itself, savepoints included.
      if (this.inTransaction) this.#db.exec(tx.rollback);
      throw err;
    }
  }
}

const SAVEPOINT = {
  begin: 'SAVEPOINT claude_mem_tx',
  commit: 'RELEASE claude_mem_tx',
  rollback: 'ROLLBACK TO claude_mem_tx; RELEASE claude_mem_tx',
};

/** A transaction cannot span an await: the lock would be held across the event loop. */
function settled(result: unknown): unknown {
  if (
    result !== null &&
    typeof result === 'object' &&
    typeof (result as { then?: unknown }).then === 'function'
  ) {
    throw new TypeError('Transaction function cannot return a promise');
  }
  return result;
}
