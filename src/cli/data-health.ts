import { accessSync, constants, existsSync, statfsSync } from 'node:fs';
import type { Paths } from '../config';
import { SPOOL_RESERVE_BYTES, spoolReport } from '../hooks';

export interface HealthFinding {
  level: 'ok' | 'warn' | 'fail';
  check: string;
  detail: string;
}

/** Below this much free space the disk is reported full: a hook's write would fail any moment. */
const FULL_BYTES = 8 * 1024 * 1024;
const LOW_BYTES = 64 * 1024 * 1024;

/**
 * A bad day, seen from the data dir: a read-only or full disk, events waiting in the spool, and
 * events lost because nothing could be written. Shared by `status` (problems only) and `doctor`.
 * Works without a valid configuration: a broken settings.json is exactly when the spool fills.
 */
export function dataDirHealth(paths: Paths): HealthFinding[] {
  const out: HealthFinding[] = [];
  const add = (level: HealthFinding['level'], check: string, detail: string) => out.push({ level, check, detail });
  if (existsSync(paths.dataDir)) {
    try {
      accessSync(paths.dataDir, constants.W_OK);
      add('ok', 'disk', `${paths.dataDir} is writable`);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      const why = code === 'EROFS' ? 'is on a read-only filesystem' : `cannot be written (${code})`;
      add('fail', 'disk', `${paths.dataDir} ${why}: hooks keep events in ${paths.spoolFallbackDir} meanwhile. Fix: remount it read-write or fix its permissions (or set CLAUDE_MEM_DATA_DIR to a writable folder).`);
    }
    const fs = statfsSync(paths.dataDir);
    const free = fs.bavail * fs.bsize;
    const mib = (free / 1024 / 1024).toFixed(1);
    if (free < FULL_BYTES) add('fail', 'disk', `the disk holding ${paths.dataDir} is full (${mib} MiB free): new events go to the spool. Fix: free some disk space; the next hook replays them.`);
    else if (free < LOW_BYTES) add('warn', 'disk', `the disk holding ${paths.dataDir} is nearly full (${mib} MiB free). Fix: free some disk space.`);
    else add('ok', 'disk', `${mib} MiB free`);
  }
  const s = spoolReport(paths);
  if (s.waiting) {
    const where = s.waitingInFallback ? ` (${s.waitingInFallback} in ${paths.spoolFallbackDir})` : '';
    add('warn', 'spool', `${s.waiting} events waiting in the spool${where}: the next hook that can store them replays them (50 per hook). If they stay, the reason is in ${paths.logsDir}/hook-*.log.`);
  } else add('ok', 'spool', 'no events waiting');
  if (s.bad) add('warn', 'spool', `${s.bad} spooled files could not be read back (${paths.spoolDir}/*.bad): inspect or delete them.`);
  if (s.lost) {
    add('fail', 'spool', `${s.lost} events were LOST since ${s.lostSince ?? '?'}: nothing could be written, not even the spool (see ${paths.logsDir}/hook-*.log and the hook's stderr). Fix the disk, then delete ${paths.spoolDir}/lost-* to reset this count.`);
  }
  if (existsSync(paths.dbPath) && s.reserveBytes < SPOOL_RESERVE_BYTES) {
    add('ok', 'spool', `the full-disk reserve (${paths.spoolDir}/reserve) holds ${Math.round(s.reserveBytes / 1024)} of ${SPOOL_RESERVE_BYTES / 1024} KiB; a hook refills it once the disk has room.`);
  }
  return out;
}
