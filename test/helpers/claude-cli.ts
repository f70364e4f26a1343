// Runs the real Claude Code CLI (node_modules/.bin/claude, 2.1.197) headless against a fake model,
// isolated from this machine: its own HOME, data dir, no network beyond 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLockHeld } from '../../src/store';
import { runProcess, runProcessSync } from './run-process';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const CLAUDE_BIN = join(ROOT, 'node_modules/.bin/claude');

export interface ClaudeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The parsed `--output-format json` result, when stdout held one. */
  result: { is_error?: boolean; result?: string; session_id?: string } | undefined;
}

export interface ClaudeRunOptions {
  prompt: string;
  cwd: string;
  home: string;
  dataDir: string;
  modelUrl: string;
  /** `--plugin-dir` to load; omit to rely on what is installed in HOME. */
  pluginDir?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** The environment of one headless run: only what Claude Code needs, nothing from the caller's claude-mem or Anthropic setup. */
export function claudeEnv(
  o: Pick<ClaudeRunOptions, 'home' | 'dataDir' | 'modelUrl' | 'env'>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(CLAUDE|ANTHROPIC_)/.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    HOME: o.home,
    ANTHROPIC_BASE_URL: o.modelUrl,
    ANTHROPIC_API_KEY: 'sk-fake-for-tests',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    IS_SANDBOX: '1',
    CLAUDE_MEM_DATA_DIR: o.dataDir,
    CLAUDE_MEM_WORKER_PORT: '0',
    CLAUDE_MEM_PROVIDER: 'offline',
    ...o.env,
  };
}

export async function runClaude(o: ClaudeRunOptions): Promise<ClaudeRun> {
  const args = [
    '-p',
    o.prompt,
    '--model',
    'claude-sonnet-4-5',
    '--dangerously-skip-permissions',
    '--output-format',
    'json',
  ];
  if (o.pluginDir) args.push('--plugin-dir', o.pluginDir);
  const run = await runProcess(CLAUDE_BIN, args, { cwd: o.cwd, env: claudeEnv(o), timeoutMs: o.timeoutMs ?? 90_000, what: 'claude -p' });
  let result: ClaudeRun['result'];
  try {
    result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as ClaudeRun['result'];
  } catch (err) {
    void err; // not JSON: the test shows stdout and stderr
  }
  return { ...run, result };
}

/** A fresh git repository (a project root) with one commit-less file. */
export function gitRepo(dir: string): string {
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: dir });
  writeFileSync(join(dir, 'README.md'), `# ${dir.split('/').pop()}\n`);
  return dir;
}

/** Run the built CLI (`node dist/bin/cli.js …`) with the given environment. */
export function claudeMem(
  args: string[],
  env: NodeJS.ProcessEnv,
): { code: number; stdout: string; stderr: string } {
  const r = runProcessSync(process.execPath, [join(ROOT, 'dist/bin/cli.js'), ...args], { env });
  return { code: r.code ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Stop the worker of a data dir, if one runs (by the pid in worker.json: never by name). A worker
 * that holds the lock but has not written worker.json yet is still starting: wait for it.
 */
export async function stopWorkerOf(dataDir: string): Promise<void> {
  const runtime = join(dataDir, 'worker.json');
  const deadline = Date.now() + 15_000;
  while (
    !existsSync(runtime) &&
    isLockHeld(join(dataDir, 'worker.lock')) &&
    Date.now() < deadline
  ) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!existsSync(runtime)) return;
  try {
    const { pid } = JSON.parse(readFileSync(runtime, 'utf8')) as { pid: number };
    process.kill(pid, 'SIGTERM');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH' && !(err instanceof SyntaxError)) throw err;
  }
}
