import type BetterSqlite3Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MemError } from '../contracts';
import { openNodeSqlite, type NodeSqliteModule } from './node-sqlite';

/**
 * The SQLite driver behind the store. Node 22.16+ ships `node:sqlite` with FTS5, so a fresh
 * install needs no C++ toolchain; older Node (20, 22.0–22.15) uses better-sqlite3, an optional dependency
 * compiled at install time. The driver is chosen once per process, by what loads, not by
 * version number. Both satisfy the `Db` interface below: the subset of better-sqlite3's API the
 * store uses, so better-sqlite3 needs no adapter and `node-sqlite.ts` mirrors it. Both pass
 * `test/unit/store-driver.test.ts`.
 */
export type SqliteDriver = 'node:sqlite' | 'better-sqlite3';

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/**
 * A prepared statement. Parameters are positional (`?`) or one object for `@name` placeholders,
 * with exactly the placeholders' keys (node:sqlite rejects extra keys, better-sqlite3 missing
 * ones). Rows are plain objects; BLOBs come back as Uint8Array (a Buffer under better-sqlite3).
 */
export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

// `any` as better-sqlite3 declares it: the wrapped function's own parameter types flow through.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TxFn = (...args: any[]) => unknown;
type Args<F extends TxFn> = F extends (...args: infer A) => unknown ? A : never;

/**
 * A function run in a transaction: BEGIN (or `immediate`: BEGIN IMMEDIATE, which takes the write
 * lock up front so a writer waits in busy_timeout instead of failing at its first write) …
 * COMMIT, ROLLBACK on a throw. Inside another transaction it runs in a SAVEPOINT.
 */
export interface Transaction<F extends TxFn> {
  (...args: Args<F>): ReturnType<F>;
  immediate(...args: Args<F>): ReturnType<F>;
}

/** A handle on a SQLite database. Other folders pass it around but never query it directly. */
export interface Db {
  /** The path it was opened with. */
  readonly name: string;
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): Statement;
  exec(sql: string): unknown;
  /** `PRAGMA <source>`: all rows, or with `simple` the first column of the first row. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<F extends TxFn>(fn: F): Transaction<F>;
  close(): unknown;
}

export interface OpenDatabaseOptions {
  /** Open read-only; the file must exist. */
  readonly?: boolean;
  /** Use this driver instead of the detected one (tests run the contract suite on each). */
  driver?: SqliteDriver;
}

/** Open a SQLite file with the process's driver; no pragmas, no migrations (see `openStore`). */
export function openDatabase(path: string, opts: OpenDatabaseOptions = {}): Db {
  const readonly = opts.readonly ?? false;
  const driver = opts.driver ?? sqliteDriver();
  if (driver === 'node:sqlite') {
    const mod = loadNodeSqlite();
    if (!mod)
      throw new MemError('internal', `node:sqlite is not available in Node ${process.version}.`);
    return openNodeSqlite(mod, path, readonly);
  }
  const Database = loadBetterSqlite3();
  return new Database(path, { readonly, fileMustExist: readonly, ...betterSqlite3Addon });
}

let chosen: SqliteDriver | undefined;

/**
 * The driver this process uses: node:sqlite when this Node has it, else better-sqlite3. Throws
 * a MemError naming both fixes when neither loads (Node 20 installed without build tools).
 */
export function sqliteDriver(): SqliteDriver {
  if (chosen) return chosen;
  if (loadNodeSqlite()) return (chosen = 'node:sqlite');
  try {
    loadBetterSqlite3();
  } catch (err) {
    throw new MemError(
      'internal',
      `No SQLite driver: Node ${process.version} has ${nodeSqlite?.why ?? 'no node:sqlite'}, and better-sqlite3 could not be loaded (${firstLine(err)}). Use Node 22.16+, or install build tools for better-sqlite3.`,
      {
        hint: 'Node 22.16 or newer has SQLite with FTS5 built in (nothing to compile). On older Node, install build tools (python3, make, a C++ compiler) and run `npm rebuild better-sqlite3` in the claude-mem folder.',
        cause: err,
      },
    );
  }
  return (chosen = 'better-sqlite3');
}

/** Drivers that load in this process, the detected one first. */
export function availableDrivers(): SqliteDriver[] {
  const out: SqliteDriver[] = [];
  if (loadNodeSqlite()) out.push('node:sqlite');
  try {
    loadBetterSqlite3();
    out.push('better-sqlite3');
  } catch (err) {
    // Not installed, or built for another Node: simply not available here.
    void err;
  }
  return out;
}

/**
 * The SQLite result code of a driver error as a name (`SQLITE_BUSY`, `SQLITE_IOERR_SHMSIZE`…),
 * or '' when it is not an SQLite error. better-sqlite3 sets `code` to the name; node:sqlite sets
 * `code: 'ERR_SQLITE_ERROR'` and the number in `errcode`.
 */
export function sqliteErrorCode(err: unknown): string {
  const e = err as { code?: unknown; errcode?: unknown } | null;
  if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_')) return e.code;
  if (typeof e?.errcode !== 'number') return '';
  const extended = EXTENDED_CODES[e.errcode];
  if (extended) return extended;
  const primary = PRIMARY_CODES[e.errcode & 0xff];
  return primary ? `SQLITE_${primary}` : `SQLITE_${e.errcode}`;
}

/** sqlite3.h's primary result codes, by number. */
const PRIMARY_CODES: Record<number, string> = Object.fromEntries(
  `OK ERROR INTERNAL PERM ABORT BUSY LOCKED NOMEM READONLY INTERRUPT IOERR CORRUPT NOTFOUND FULL CANTOPEN
   PROTOCOL EMPTY SCHEMA TOOBIG CONSTRAINT MISMATCH MISUSE NOLFS AUTH FORMAT RANGE NOTADB NOTICE WARNING`
    .split(/\s+/)
    .map((name, i) => [i, name]),
);

/** The extended codes the store tells apart from their primary code. */
const EXTENDED_CODES: Record<number, string> = { [10 | (19 << 8)]: 'SQLITE_IOERR_SHMSIZE' };

let nodeSqlite: { mod: NodeSqliteModule | null; why: string } | undefined;

/**
 * node:sqlite when this Node has all we need, else null (and why not, for the error message).
 * Loaded through `process.getBuiltinModule`, not an import: Node 20 has no such module, and on
 * 22.5–22.12 it exists only behind a flag. It also needs `StatementSync#iterate` (22.13) and
 * FTS5, which Node builds in only from 22.16, so a throwaway in-memory database is asked. Node 22
 * prints an ExperimentalWarning on stderr when the module loads; Claude Code shows a hook's
 * stderr, so exactly that warning is dropped.
 */
function loadNodeSqlite(): NodeSqliteModule | null {
  nodeSqlite ??= probeNodeSqlite();
  return nodeSqlite.mod;
}

function probeNodeSqlite(): { mod: NodeSqliteModule | null; why: string } {
  const mod = withoutSqliteWarning(() => process.getBuiltinModule?.('node:sqlite')) as
    NodeSqliteModule | undefined;
  if (!mod) return { mod: null, why: 'no node:sqlite' };
  if (typeof mod.StatementSync?.prototype.iterate !== 'function')
    return { mod: null, why: 'node:sqlite without iterate()' };
  const db = new mod.DatabaseSync(':memory:');
  try {
    db.exec('CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)');
  } catch (err) {
    return { mod: null, why: `node:sqlite without FTS5: ${firstLine(err)}` };
  } finally {
    db.close();
  }
  return { mod, why: '' };
}

function withoutSqliteWarning<T>(load: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = function (
    this: NodeJS.Process,
    warning: string | Error,
    ...rest: unknown[]
  ) {
    const text = typeof warning === 'string' ? warning : warning.message;
    const type =
      typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    const isSqlite =
      /^SQLite is an experimental feature/.test(text) ||
      (type === 'ExperimentalWarning' && /SQLite/.test(text));
    if (isSqlite) return;
    return (emit as (...a: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return load();
  } finally {
    process.emitWarning = emit;
  }
}

type BetterSqlite3 = typeof BetterSqlite3Database;
let betterSqlite3: BetterSqlite3 | undefined;
/** Where its native addon is, when it sits where `npm install` builds it (see below). */
let betterSqlite3Addon: { nativeBinding?: string } = {};

/**
 * better-sqlite3, required on first use: a native module that is missing or built for another
 * Node then fails inside the caller's try/catch (the hook logs it and exits 0) instead of failing
 * the whole process at import.
 */
function loadBetterSqlite3(): BetterSqlite3 {
  if (betterSqlite3) return betterSqlite3;
  const load = createRequire(import.meta.url);
  const Database = load('better-sqlite3') as BetterSqlite3;
  // better-sqlite3 finds its addon with the `bindings` package, which tries a dozen folders and
  // throws at each miss (a few ms of every hook's start): the folder npm builds it in is given
  // directly when the file is there, else `bindings` searches as before.
  const addon = join(dirname(load.resolve('better-sqlite3')), '..', 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(addon)) betterSqlite3Addon = { nativeBinding: addon };
  // The native addon itself loads at the first open: open one in memory so a module built for
  // another Node fails here, where the choice is made.
  new Database(':memory:', betterSqlite3Addon).close();
  return (betterSqlite3 = Database);
}

/** A driver's message on one line, short enough for a log line (better-sqlite3's span several). */
function firstLine(err: unknown): string {
  const text = ((err as Error).message ?? String(err)).replace(/\s+/g, ' ').trim();
  return text.length > 240 ? `${text.slice(0, 240)}…` : text;
}
