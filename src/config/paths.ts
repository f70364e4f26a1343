import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Every file the product keeps, under one data dir (`~/.claude-mem`, or CLAUDE_MEM_DATA_DIR). */
export interface Paths {
  dataDir: string;
  /** Our database. Its own name, so the original claude-mem's `claude-mem.db` can sit beside it untouched. */
  dbPath: string;
  /** The original claude-mem's database (13.x): read only by `import --from-claude-mem`, never written. */
  originalDbPath: string;
  settingsPath: string;
  envPath: string;
  logsDir: string;
  tokenPath: string;
  lockPath: string;
  runtimePath: string;
  /** Touched by hooks after enqueueing; the worker watches it (a nudge that costs no network). */
  nudgePath: string;
  backupsDir: string;
  /** Events a hook could not store, waiting to be replayed (see hooks/spool.ts). */
  spoolDir: string;
  /**
   * Where a hook spools when the data dir itself cannot be written (a read-only mount): a private
   * folder under the system temp dir, one per data dir. Replayed like `spoolDir`.
   */
  spoolFallbackDir: string;
}

export function resolvePaths(env: NodeJS.ProcessEnv, home: string = homedir()): Paths {
  const override = env.CLAUDE_MEM_DATA_DIR?.trim();
  const dataDir = override ? resolve(override) : join(home, '.claude-mem');
  return {
    dataDir,
    dbPath: join(dataDir, 'memory.db'),
    originalDbPath: join(dataDir, 'claude-mem.db'),
    settingsPath: join(dataDir, 'settings.json'),
    envPath: join(dataDir, '.env'),
    logsDir: join(dataDir, 'logs'),
    tokenPath: join(dataDir, 'worker.token'),
    lockPath: join(dataDir, 'worker.lock'),
    runtimePath: join(dataDir, 'worker.json'),
    nudgePath: join(dataDir, 'worker.nudge'),
    backupsDir: join(dataDir, 'backups'),
    spoolDir: join(dataDir, 'spool'),
    spoolFallbackDir: join(tmpdir(), `claude-mem-${process.getuid?.() ?? 'user'}`, `spool-${fnv1a(dataDir)}`),
  };
}

/** A short, stable name for a path (FNV-1a, 32 bits): one fallback spool per data dir. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
