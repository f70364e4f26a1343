import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';

const CLI = resolve(__dirname, '../../dist/bin/cli.js');

/** Run the built CLI for real in `cwd` with its own data dir; stdin is not a terminal. */
export function runCli(
  args: string[],
  opts: { cwd: string; dataDir: string; input?: string; env?: Record<string, string> },
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dirname(opts.dataDir),
      CLAUDE_MEM_DATA_DIR: opts.dataDir,
      CLAUDE_MEM_WORKER_PORT: '0',
      ...opts.env,
    },
    timeout: 30_000,
    // spawnSync's default 1 MiB would cut a large export short without failing the run.
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export { join };
