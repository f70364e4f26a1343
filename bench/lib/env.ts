// Where a benchmark runs: a temp root holding data dirs (CLAUDE_MEM_DATA_DIR, port 0), a fake
// home, a project folder, and the child environment stripped of the user's own settings.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { resolvePaths, type Paths } from '../../src/config';
import { sqliteDriver } from '../../src/store';

export const REPO_ROOT = realpathSync(new URL('../..', import.meta.url).pathname);

export function makeTempRoot(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'claude-mem-bench-')));
}

/** A project folder that resolves to itself (it has a `.git`), so hooks and seeds agree on its root. */
export function makeProject(tmpRoot: string, name: string): string {
  const dir = join(tmpRoot, name);
  mkdirSync(join(dir, '.git'), { recursive: true });
  return dir;
}

export interface DataDir {
  dir: string;
  paths: Paths;
  env: NodeJS.ProcessEnv;
}

/**
 * A fresh data dir with its settings.json and .env, and the environment a child process gets:
 * the user's CLAUDE_MEM_*, ANTHROPIC_* and Claude Code session variables are removed, HOME is
 * a temp folder, so nothing reads or writes the real ~/.claude-mem.
 */
export function makeDataDir(
  tmpRoot: string,
  label: string,
  opts: {
    settings?: Record<string, string | number | boolean>;
    dotenv?: Record<string, string>;
  } = {},
): DataDir {
  const dir = join(tmpRoot, `data-${label}`);
  mkdirSync(join(dir, 'logs'), { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  writeFileSync(
    join(dir, 'settings.json'),
    JSON.stringify({ CLAUDE_MEM_PROVIDER: 'offline', ...opts.settings }, null, 2),
    { mode: 0o600 },
  );
  if (opts.dotenv) {
    const text = Object.entries(opts.dotenv)
      .map(([k, v]) => `${k}=${v}\n`)
      .join('');
    writeFileSync(join(dir, '.env'), text, { mode: 0o600 });
  }
  const home = join(tmpRoot, 'home');
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(CLAUDE|ANTHROPIC_|OPENROUTER_|GEMINI_|NODE_OPTIONS$)/.test(k)) continue;
    env[k] = v;
  }
  Object.assign(env, { HOME: home, CLAUDE_MEM_DATA_DIR: dir, CLAUDE_MEM_WORKER_PORT: '0' });
  return { dir, paths: resolvePaths(env, home), env };
}

/** The command line Claude Code would run for `event`, from hooks/hooks.json, with the plugin root filled in. */
export function hookCommand(event: string): string {
  const file = join(REPO_ROOT, 'hooks/hooks.json');
  if (!existsSync(file))
    throw new Error('hooks/hooks.json is missing (the hooks part has not landed)');
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    hooks?: Record<
      string,
      Array<{ matcher?: string; hooks?: Array<{ type?: string; command?: string }> }>
    >;
  };
  const command = json.hooks?.[event]
    ?.flatMap((m) => m.hooks ?? [])
    .find((h) => h.type === 'command')?.command;
  if (!command) throw new Error(`hooks/hooks.json has no command for ${event}`);
  return command.replaceAll('${CLAUDE_PLUGIN_ROOT}', REPO_ROOT);
}

export function machineInfo(): Record<string, string | number> {
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    ramGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    sqlite: sqliteDriver(),
    os: `${process.platform} ${release()}`,
    loadAvgAtStart: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
}

export function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).trim();
  } catch (e) {
    return `unknown (${(e as Error).message.split('\n')[0]})`;
  }
}
