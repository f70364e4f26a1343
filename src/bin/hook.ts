// Claude Code hook entry: `node dist/bin/hook.js <Event>` with the payload on stdin.
// Stdout carries only Claude Code's answer; everything else goes to logs/hook-YYYY-MM-DD.log.
// Always exits 0: memory being unavailable must never break the user's session.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDataDir, loadHookSettingsOrDefaults, MEMORY_AGENT_MARKER, resolvePaths } from '../config';
import { isMemError } from '../contracts';
import { openHookStore, readStdin, runClaudeCodeHook, spawnWorker } from '../hooks';
import { createFileLogger, type LogLevel } from '../log';

const home = homedir();
const paths = resolvePaths(process.env, home);
let log = createFileLogger({ logsDir: paths.logsDir, component: 'hook', prefix: 'hook' });

try {
  // Inside the memory agent's own `claude -p` (provider claude-code): record nothing, answer
  // nothing. The CLI runs with --safe-mode, so this only matters if something re-enabled hooks.
  if (process.env[MEMORY_AGENT_MARKER] === '1') process.exit(0);
  const stdin = await readStdin(process.stdin);
  // A broken settings.json does not stop capture: the hook gets the defaults and the problem,
  // and spools the event until the file is fixed (see hooks/run.ts).
  const { settings, problem } = loadHookSettingsOrDefaults(paths, process.env);
  log = createFileLogger({
    logsDir: paths.logsDir,
    component: 'hook',
    prefix: 'hook',
    level: settings.CLAUDE_MEM_LOG_LEVEL as LogLevel,
  });
  try {
    ensureDataDir(paths);
  } catch (err) {
    // A read-only or missing data dir: go on, the event then goes to the fallback spool.
    log.error(`data dir unusable: ${(err as Error).message}`, { kind: isMemError(err) ? err.kind : 'internal' });
  }
  const answer = runClaudeCodeHook(process.argv[2], stdin, {
    settings,
    ...(problem ? { configProblem: problem } : {}),
    alert: (line) => void process.stderr.write(line),
    paths,
    log,
    home,
    now: () => new Date(),
    openDb: () => openHookStore(paths),
    startWorker: () =>
      void spawnWorker({ script: join(dirname(fileURLToPath(import.meta.url)), 'worker.js'), paths, env: process.env, log }),
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
