import { homedir } from 'node:os';
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
  };
}
