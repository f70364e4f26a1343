import { dirname, join, resolve } from 'node:path';
import { runProcessSync } from './run-process';

const CLI = resolve(__dirname, '../../dist/bin/cli.js');

/** Run the built CLI for real in `cwd` with its own data dir; stdin is not a terminal. */
export function runCli(
  args: string[],
  opts: { cwd: string; dataDir: string; input?: string; env?: Record<string, string> },
): { code: number; stdout: string; stderr: string } {
  const r = runProcessSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    input: opts.input ?? '',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dirname(opts.dataDir),
      CLAUDE_MEM_DATA_DIR: opts.dataDir,
      CLAUDE_MEM_WORKER_PORT: '0',
      ...opts.env,
    },
  });
  return { code: r.code ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export { join };
