// The one way tests run a child process (the built CLI, hook, MCP server, the real `claude`):
// real processes, output collected whole, a timeout that kills and fails loudly.
import { spawn, spawnSync } from 'node:child_process';

export interface ProcessRun {
  /** Exit code; null when killed by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  input?: string | Buffer;
  /** Killed (SIGKILL) and failed after this long; default 30 s. */
  timeoutMs?: number;
  /** How a timeout names the run; default the command line. */
  what?: string;
}

export function runProcess(file: string, args: string[], o: RunOptions = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: o.env ?? process.env,
      ...(o.cwd ? { cwd: o.cwd } : {}),
      stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${o.what ?? [file, ...args].join(' ')} timed out; stderr: ${stderr.slice(-2000)}`));
    }, o.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (o.input !== undefined && child.stdin) {
      // The child may stop reading early (an oversized stdin): a broken pipe is expected then.
      child.stdin.on('error', (err) => void err);
      child.stdin.end(o.input);
    }
  });
}

/** The same, blocking: for tests that read as a sequence of commands. */
export function runProcessSync(file: string, args: string[], o: RunOptions = {}): ProcessRun {
  const r = spawnSync(file, args, {
    env: o.env ?? process.env,
    ...(o.cwd ? { cwd: o.cwd } : {}),
    input: o.input ?? '',
    encoding: 'utf8',
    timeout: o.timeoutMs ?? 30_000,
    // spawnSync's default 1 MiB would cut a large export short without failing the run.
    maxBuffer: 256 * 1024 * 1024,
  });
  // A timeout or a spawn failure: no exit code, and the reason where a test prints stderr.
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.error ? `${r.stderr ?? ''}${r.error.message}\n` : r.stderr };
}
