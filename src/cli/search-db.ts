import { createInterface } from 'node:readline';
import { ensureDataDir } from '../config';
import { MemError } from '../contracts';
import { openOurStore, type Db } from '../store';
import type { CliContext } from './context';

/**
 * Open the memory database for a CLI command that reads or edits memories. Straight to SQLite:
 * these commands work whether or not the worker runs.
 */
export function openMemoryDb(ctx: CliContext): Db {
  const config = ctx.config();
  ensureDataDir(config.paths);
  return openOurStore(config.paths);
}

/** The options of the commands that query memories: which projects (`--project P | --all`), and `--json`. */
export const QUERY_SCOPE_OPTIONS = {
  project: { type: 'string', short: 'p' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** Run `body` with the database open, closing it afterwards whatever happens. */
export async function withMemoryDb<T>(ctx: CliContext, body: (db: Db) => Promise<T> | T): Promise<T> {
  const db = openMemoryDb(ctx);
  try {
    return await body(db);
  } finally {
    db.close();
  }
}

/** Positive integer ids from argv (`12`, `#12`), or a validation error naming the bad one. */
export function parseIds(values: string[]): number[] {
  return values.map((v) => {
    const m = /^#?(\d+)$/.exec(v.trim());
    if (!m) throw new MemError('validation', `"${v}" is not an observation id.`, { hint: 'Ids are numbers, as shown by search.' });
    return Number(m[1]);
  });
}

export function parseCount(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new MemError('validation', `--${name} must be a whole number from 0 to ${max}, got "${value}".`);
  }
  return n;
}

/**
 * Ask a yes/no question on the terminal. Refuses (validation error) when there is no terminal to
 * ask: deleting memories is never done silently by a script that forgot --yes.
 */
export async function confirm(ctx: CliContext, question: string): Promise<boolean> {
  if (!ctx.isTTY) {
    throw new MemError('validation', 'Refusing to delete without confirmation: not running in a terminal.', {
      hint: 'Re-run with --yes to confirm.',
    });
  }
  ctx.out.line(`${question} [y/N]`);
  const rl = createInterface({ input: ctx.stdin, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
