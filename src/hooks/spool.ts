import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Paths } from '../config';
import type { Logger } from '../log';
import { sanitize } from '../privacy';
import type { MemoryEvent } from './types';

/**
 * When the database cannot take an event (locked past the busy timeout, an I/O error), the hook
 * writes the event, already privacy-stripped, to `<data dir>/spool/` instead of dropping it. The
 * next hook that reaches the database replays the spool, so nothing is lost silently.
 */
const MAX_SPOOLED = 5_000;
const REPLAY_PER_RUN = 50;

export function spoolDir(paths: Paths): string {
  return join(paths.dataDir, 'spool');
}

/** Keep `ev` for later. Returns false (and logs) when even that is impossible. */
export function spoolEvent(paths: Paths, ev: MemoryEvent, redact: boolean, log: Logger, now: Date): boolean {
  const dir = spoolDir(paths);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (readdirSync(dir).length >= MAX_SPOOLED) {
      log.error('spool is full: event dropped', { type: ev.type, limit: MAX_SPOOLED });
      return false;
    }
    // Names sort in arrival order, so replay keeps the order events happened in.
    const name = `${now.getTime().toString().padStart(15, '0')}-${process.pid}-${Math.random().toString(16).slice(2, 10)}.json`;
    writeFileSync(join(dir, name), JSON.stringify(sanitize(ev, { redact })), { mode: 0o600, flag: 'wx' });
    log.warn('database unavailable: event spooled for later', { type: ev.type, file: name });
    return true;
  } catch (err) {
    log.error('database unavailable and the spool could not be written: event dropped', {
      type: ev.type,
      error: (err as Error).message,
    });
    return false;
  }
}

/** Spooled files waiting, oldest first (cheap when the folder does not exist: the common case). */
export function spooledFiles(paths: Paths): string[] {
  try {
    return readdirSync(spoolDir(paths))
      .filter((n) => n.endsWith('.json'))
      .sort()
      .slice(0, REPLAY_PER_RUN);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/**
 * Replay spooled events through `record` (one transaction each, by the caller). A file is removed
 * only after its event was recorded; an unreadable file is moved aside (renamed `.bad`) and logged.
 */
export function replaySpool(paths: Paths, record: (ev: MemoryEvent) => void, log: Logger): number {
  let done = 0;
  for (const name of spooledFiles(paths)) {
    const file = join(spoolDir(paths), name);
    let ev: MemoryEvent;
    try {
      ev = JSON.parse(readFileSync(file, 'utf8')) as MemoryEvent;
    } catch (err) {
      log.error('spooled event is unreadable; left as .bad', { file: name, error: (err as Error).message });
      writeFileSync(`${file}.bad`, readFileSync(file));
      unlinkSync(file);
      continue;
    }
    record(ev);
    unlinkSync(file);
    done++;
  }
  if (done) log.info('replayed spooled events', { count: done });
  return done;
}
