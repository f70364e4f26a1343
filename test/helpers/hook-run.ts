// Runs the built hook (dist/bin/hook.js) as Claude Code does: a child process, payload on stdin.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess, type ProcessRun } from './run-process';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const HOOK = join(ROOT, 'dist/bin/hook.js');
// Recorded from the real Claude Code CLI (2.1.197 and 2.1.332), kept in the repo so tests need nothing beside it.
export const FIXTURES = join(ROOT, 'test/fixtures/claude-code');

export type HookRun = ProcessRun;

/** A clean environment for a hook child: temp data dir, port 0, offline, nothing inherited from claude-mem or Anthropic. */
export function hookEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(CLAUDE|ANTHROPIC_)/.test(k)) env[k] = v;
  return {
    ...env,
    CLAUDE_MEM_DATA_DIR: dataDir,
    CLAUDE_MEM_WORKER_PORT: '0',
    CLAUDE_MEM_PROVIDER: 'offline',
    ...extra,
  };
}

export function runHook(
  event: string | undefined,
  stdin: string | Buffer,
  env: NodeJS.ProcessEnv,
  opts: { timeoutMs?: number; script?: string } = {},
): Promise<HookRun> {
  const script = opts.script ?? HOOK;
  return runProcess(process.execPath, event ? [script, event] : [script], {
    env,
    input: stdin,
    timeoutMs: opts.timeoutMs ?? 20_000,
    what: `hook ${event}`,
  });
}

type Fixtures = Record<string, { payload: Record<string, unknown> }>;

/** A recorded Claude Code payload, `$RUN` replaced by `run` (the temp dir of the test). */
export function fixture(
  version: '2.1.197' | '2.1.332',
  key: string,
  run: string,
): Record<string, unknown> {
  const all = JSON.parse(
    readFileSync(join(FIXTURES, `hook-samples-${version}.json`), 'utf8').replaceAll('$RUN', run),
  ) as Fixtures;
  const f = all[key];
  if (!f) throw new Error(`no fixture ${key} in ${version}`);
  return f.payload;
}

/** Everything the hook logged today (and the day before/after, in case the test crosses midnight). */
export function hookLogs(dataDir: string): string {
  try {
    return readdirSync(join(dataDir, 'logs'))
      .filter((f) => f.startsWith('hook-'))
      .map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8'))
      .join('');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}
