import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  statfsSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { Paths } from '../config';
import type { Logger } from '../log';
import { sanitize } from '../privacy';
import { capValue } from './cap';
import type { MemoryEvent } from './types';

/**
 * When an event cannot be stored (database locked past the busy timeout, disk full, read-only data
 * dir, broken settings.json…), the hook writes it, already privacy-stripped, to a spool folder
 * instead of dropping it; the next hook that reaches the database replays it.
 *
 * - Files are written under a temporary name, synced and renamed, so a failed write leaves no
 *   empty or partial `.json` behind.
 * - `<spool>/reserve` holds a few MiB the hook gives back (truncates) when the disk is full, so
 *   a spool file still fits; a hook that stored its event tops it up again.
 * - When the data dir cannot be written at all, the spool goes to `paths.spoolFallbackDir`.
 * - When nothing can be written, the loss is counted: an empty `lost-…` file (it needs no data
 *   blocks, so it fits on a full disk), a log line, and a line on stderr.
 */
const MAX_SPOOLED = 5_000;
const REPLAY_PER_RUN = 50;
/** Bytes kept aside for spool files on a full disk. */
export const SPOOL_RESERVE_BYTES = 2 * 1024 * 1024;
const RESERVE = 'reserve';
/** A tool's input or output is capped like a queue row (see tool-use.ts rowCap) before spooling. */
const SPOOL_FIELD_CAP = 64_000;

export interface SpoolDeps {
  paths: Paths;
  log: Logger;
  now: Date;
  redact: boolean;
  /** Where to say that an event was lost when no file can hold even that fact (the hook's stderr). */
  alert?: (line: string) => void;
}

/** Keep `ev` for later. Returns false (after counting the loss) when even that is impossible. */
export function spoolEvent(ev: MemoryEvent, deps: SpoolDeps, why: string): boolean {
  const { paths, log } = deps;
  const body = JSON.stringify(prepare(ev, deps.redact));
  // Names sort in arrival order, so replay keeps the order events happened in.
  const name = `${deps.now.getTime().toString().padStart(15, '0')}-${process.pid}-${Math.random().toString(16).slice(2, 10)}`;
  const errors: string[] = [];
  for (const dir of [paths.spoolDir, paths.spoolFallbackDir]) {
    try {
      prepareDir(dir, dir === paths.spoolFallbackDir);
      if (countSpooled(dir) >= MAX_SPOOLED) throw new Error(`the spool holds ${MAX_SPOOLED} events already`);
      writeWithReserve(dir, `${name}.json`, body);
      log.warn('event spooled for later', { type: ev.type, why, file: join(dir, `${name}.json`) });
      if (dir === paths.spoolFallbackDir) {
        deps.alert?.(`claude-mem: ${paths.dataDir} cannot be written (${errors.join('; ')}); the event is kept in ${dir} until it can.\n`);
      }
      return true;
    } catch (err) {
      errors.push(`${dir}: ${errorText(err)}`);
    }
  }
  countLoss(ev, deps, name, why, errors);
  return false;
}

/** Spooled files waiting, oldest first, from both spool folders (cheap when neither exists: the common case). */
export function spooledFiles(paths: Paths): string[] {
  const all: string[] = [];
  for (const dir of [paths.spoolDir, paths.spoolFallbackDir]) {
    for (const n of listDir(dir)) if (n.endsWith('.json')) all.push(join(dir, n));
  }
  return all.sort((a, b) => basename(a).localeCompare(basename(b))).slice(0, REPLAY_PER_RUN);
}

/**
 * Replay spooled events through `record` (one transaction each, by the caller). A file is removed
 * only after its event was recorded; an unreadable file is moved aside (renamed `.bad`) and logged.
 */
/**
 * Replays spooled events, oldest first. `record` gets the file's name as the event's id: two hooks
 * may replay the same file at once, so recording must be once per id (run.ts keeps the ids of
 * replayed files in the same transaction as the event).
 */
export function replaySpool(paths: Paths, record: (ev: MemoryEvent, id: string) => void, log: Logger): number {
  let done = 0;
  for (const file of spooledFiles(paths)) {
    let ev: MemoryEvent;
    try {
      ev = JSON.parse(readFileSync(file, 'utf8')) as MemoryEvent;
    } catch (err) {
      log.error('spooled event is unreadable; left as .bad', { file, error: errorText(err) });
      renameSync(file, `${file}.bad`);
      continue;
    }
    record(ev, basename(file));
    try {
      unlinkSync(file);
    } catch (err) {
      // Another hook replaying the same file removed it first.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    done++;
  }
  if (done) log.info('replayed spooled events', { count: done });
  return done;
}

/**
 * After a hook stored its event: make sure the full-disk reserve is there. One stat when it is
 * (the happy path); otherwise it is written, but only while the disk has room to spare.
 */
export function ensureSpoolReserve(paths: Paths, log: Logger): void {
  const file = join(paths.spoolDir, RESERVE);
  try {
    let size = 0;
    try {
      size = statSync(file).size;
      if (size >= SPOOL_RESERVE_BYTES) return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    mkdirSync(paths.spoolDir, { recursive: true, mode: 0o700 });
    // The reserve must never be what fills the disk: top up only with room to spare.
    const fs = statfsSync(paths.spoolDir);
    if (fs.bavail * fs.bsize < SPOOL_RESERVE_BYTES - size + 4 * SPOOL_RESERVE_BYTES) return;
    const fd = openSync(file, 'a', 0o600);
    try {
      // Real bytes, not a sparse hole: a hole reserves nothing.
      writeSync(fd, Buffer.alloc(SPOOL_RESERVE_BYTES - size, 0x5a));
      // Hooks running at once may each have appended: every writer ends with this truncate, so the
      // last operation on the file leaves it at exactly the reserve size.
      ftruncateSync(fd, SPOOL_RESERVE_BYTES);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    // A short reserve on a nearly full disk: tried again by the next hook that stores an event.
    // Never thrown: this hook's event is already stored.
    log.debug('spool reserve not topped up', { error: errorText(err) });
  }
}

/** What the spool holds, for `status` and `doctor`. */
export interface SpoolReport {
  /** Events waiting to be replayed, in the data dir's spool and in the fallback. */
  waiting: number;
  waitingInFallback: number;
  /** Spooled files that could not be read back (renamed `.bad`). */
  bad: number;
  /** Events nothing could hold, counted by empty `lost-…` files; the oldest one's time. */
  lost: number;
  lostSince?: string;
  reserveBytes: number;
}

export function spoolReport(paths: Paths): SpoolReport {
  const r: SpoolReport = { waiting: 0, waitingInFallback: 0, bad: 0, lost: 0, reserveBytes: 0 };
  let oldestLost = Infinity;
  for (const dir of [paths.spoolDir, paths.spoolFallbackDir]) {
    for (const n of listDir(dir)) {
      if (n.endsWith('.json')) {
        r.waiting++;
        if (dir === paths.spoolFallbackDir) r.waitingInFallback++;
      } else if (n.endsWith('.bad')) r.bad++;
      else if (n.startsWith('lost-')) {
        r.lost++;
        oldestLost = Math.min(oldestLost, Number(n.slice(5, 20)));
      }
    }
  }
  if (r.lost && Number.isFinite(oldestLost)) r.lostSince = new Date(oldestLost).toISOString();
  try {
    r.reserveBytes = statSync(join(paths.spoolDir, RESERVE)).size;
  } catch (err) {
    void err; // no reserve yet: reported as 0
  }
  return r;
}

/** The event as spooled: private parts stripped, secrets redacted, tool fields capped. */
export function prepare(ev: MemoryEvent, redact: boolean): MemoryEvent {
  const clean = sanitize(ev, { redact });
  if (clean.type !== 'tool') return clean;
  return { ...clean, toolInput: capValue(clean.toolInput, SPOOL_FIELD_CAP), toolResponse: capValue(clean.toolResponse, SPOOL_FIELD_CAP) };
}

/**
 * Write `body` as `dir/name` via a temporary file, fsync, rename. On a full disk, give back part
 * of the reserve and try again. A failed attempt removes its temporary file.
 */
function writeWithReserve(dir: string, name: string, body: string): void {
  const tmp = join(dir, `.${name}.tmp`);
  for (let attempt = 0; ; attempt++) {
    try {
      writeDurably(tmp, body);
      renameSync(tmp, join(dir, name));
      syncDir(dir);
      return;
    } catch (err) {
      removeQuietly(tmp);
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== 'ENOSPC' && code !== 'EDQUOT') || attempt >= 3 || !releaseReserve(dir, body.length)) throw err;
    }
  }
}

function writeDurably(file: string, body: string): void {
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeFileSync(fd, body);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Truncate the reserve by about what the spool file needs (pages are 4 KiB). False when it is empty. */
function releaseReserve(dir: string, bytes: number): boolean {
  const file = join(dir, RESERVE);
  try {
    const size = statSync(file).size;
    if (size === 0) return false;
    const need = Math.max(64 * 1024, (Math.ceil(bytes / 4096) + 2) * 4096 * 2);
    truncateSync(file, Math.max(0, size - need));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * Create the spool folder (0700). The fallback lives in the shared temp dir, so it is used only
 * when it is a real folder (no symlink) owned by this user and closed to others.
 */
function prepareDir(dir: string, shared: boolean): void {
  if (shared) mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!shared) return;
  for (const d of [dirname(dir), dir]) {
    const st = lstatSync(d);
    if (!st.isDirectory() || st.uid !== process.getuid?.() || (st.mode & 0o077) !== 0) {
      throw new Error(`${d} is not a private folder of this user; not spooling there`);
    }
  }
}

/** Nothing could hold the event: leave an empty marker (no data blocks needed), log, tell stderr. */
function countLoss(ev: MemoryEvent, deps: SpoolDeps, name: string, why: string, errors: string[]): void {
  let counted = '';
  for (const dir of [deps.paths.spoolDir, deps.paths.spoolFallbackDir]) {
    try {
      writeFileSync(join(dir, `lost-${name}-${ev.type}`), '', { flag: 'wx', mode: 0o600 });
      counted = dir;
      break;
    } catch (err) {
      errors.push(`marker in ${dir}: ${errorText(err)}`);
    }
  }
  deps.log.error('event LOST: it could not be stored or spooled', { type: ev.type, why, errors, counted: counted || null });
  deps.alert?.(
    `claude-mem: a ${ev.type} event was lost (${why}); it could not be stored or spooled: ${errors.join('; ')}${counted ? `. Counted in ${counted}` : ''}. Run \`claude-mem doctor\`.\n`,
  );
}

function countSpooled(dir: string): number {
  return listDir(dir).filter((n) => n.endsWith('.json')).length;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
}

function syncDir(dir: string): void {
  // The rename is durable once the folder is synced; not every platform can open a folder.
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (err) {
    void err;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    // Usually ENOENT: the temporary file was never created.
    void err;
  }
}

function basename(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function errorText(err: unknown): string {
  return (err as Error).message ?? String(err);
}
