// Claude Code hook entry: `node dist/bin/hook.js <Event>` with the payload on stdin.
// Stdout carries only Claude Code's answer; everything else goes to logs/hook-YYYY-MM-DD.log.
// Always exits 0: memory being unavailable must never break the user's session.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDataDir, loadHookSettings, MEMORY_AGENT_MARKER, resolvePaths } from '../config';
import { isMemError } from '../contracts';
import { openHookStore, readStdin, runClaudeCodeHook, spawnDetached } from '../hooks';
import { createFileLogger, type LogLevel } from '../log';

const home = homedir();
const paths = resolvePaths(process.env, home);
let log = createFileLogger({ logsDir: paths.logsDir, component: 'hook', prefix: 'hook' });

try {
  // Inside the memory agent's own `claude -p` (provider claude-code): record nothing, answer
  // nothing. The CLI runs with --safe-mode, so this only matters if something re-enabled hooks.
  if (process.env[MEMORY_AGENT_MARKER] === '1') process.exit(0);
  const stdin = await readStdin(process.stdin);
  const settings = loadHookSettings(paths, process.env);
  log = createFileLogger({
    logsDir: paths.logsDir,
    component: 'hook',
    prefix: 'hook',
    level: settings.CLAUDE_MEM_LOG_LEVEL as LogLevel,
  });
  ensureDataDir(paths);
  const answer = runClaudeCodeHook(process.argv[2], stdin, {
    settings,
    paths,
    log,
    home,
    now: () => new Date(),
    openDb: () => openHookStore(paths),
    startWorker: () =>
      spawnDetached(join(dirname(fileURLToPath(import.meta.url)), 'worker.js'), {
        env: workerEnv(),
        cwd: paths.dataDir,
        log,
      }),
  });
  if (answer) process.stdout.write(answer);
} catch (err) {
  // Bad config, an unwritable data dir, a broken stdin, no SQLite driver that loads (the driver
  // is loaded at the first open, see src/store/driver.ts): log why, go on.
  log.error(`hook failed: ${(err as Error).message}`, {
    kind: isMemError(err) ? err.kind : 'internal',
  });
}
process.exitCode = 0;

/**
 * The worker's environment: ours minus the host session's variables. The worker reads credentials
 * only from ~/.claude-mem/.env, and must not inherit a session's API key or base URL.
 */
function workerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      /^(ANTHROPIC_|CLAUDE_CODE_|CLAUDECODE$|CLAUDE_PROJECT_DIR$|CLAUDE_ENV_FILE$|CLAUDE_PID$|CLAUDE_PLUGIN_)/.test(
        k,
      )
    )
      continue;
    env[k] = v;
  }
  return env;
}
