import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

/**
 * A command run in its own process group behind a tiny watchdog, so the worker never leaves a
 * child behind:
 * - the watchdog (`node -e`) is the group leader and starts the command in its group; a timeout
 *   or an abort kills the whole group (`kill -pgid`), grandchildren included;
 * - the worker holds the write end of a "lifeline" pipe (the watchdog's fd 3). If the worker dies,
 *   even by SIGKILL, the kernel closes that pipe and the watchdog kills its group. Node has no
 *   parent-death signal, and a pid file reaped by the next worker would leave a hung CLI running
 *   until then; the pipe needs neither polling nor a next start.
 */
export interface GroupRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Why we killed it, when we did. */
  killed?: 'timeout' | 'aborted';
  /** The watchdog itself could not be started. */
  spawnError?: string;
}

export interface GroupRunOptions {
  command: string;
  args: string[];
  input: string;
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Most characters kept of stdout and of stderr (the rest is dropped, not buffered). */
  maxOutputChars?: number;
}

/** Exit code of the watchdog when the command could not be started (like a shell's). */
export const CANNOT_RUN = 127;

// Kept in plain JS (CommonJS under `node -e`) so it needs no build step and no file on disk.
const WATCHDOG = `
const { spawn } = require('node:child_process');
const net = require('node:net');
const [bin, ...args] = process.argv.slice(1);
const killGroup = () => { try { process.kill(-process.pid, 'SIGKILL'); } finally { process.exit(137); } };
const life = new net.Socket({ fd: 3, readable: true, writable: false });
life.on('data', () => {});
life.on('end', killGroup);
life.on('error', killGroup);
const child = spawn(bin, args, { stdio: 'inherit' });
child.on('error', (e) => { process.stderr.write('cannot run ' + bin + ': ' + e.message + '\\n'); process.exit(${CANNOT_RUN}); });
child.on('exit', (code, sig) => process.exit(code === null ? 128 + (require('node:os').constants.signals[sig] || 9) : code));
`;

export function runInGroup(o: GroupRunOptions): Promise<GroupRun> {
  const cap = o.maxOutputChars ?? 1_000_000;
  return new Promise((resolvePromise) => {
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, ['-e', WATCHDOG, o.command, ...o.args], {
        cwd: o.cwd,
        env: o.env,
        detached: true, // its own process group, led by the watchdog
        stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      });
    } catch (err) {
      resolvePromise({ code: null, signal: null, stdout: '', stderr: '', spawnError: (err as Error).message });
      return;
    }
    let stdout = '';
    let stderr = '';
    let killed: GroupRun['killed'];
    const killGroup = (why: 'timeout' | 'aborted') => {
      killed ??= why;
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // ESRCH: already gone
      }
    };
    const timer = setTimeout(() => killGroup('timeout'), o.timeoutMs);
    const onAbort = () => killGroup('aborted');
    if (o.signal?.aborted) onAbort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout?.on('data', (d: Buffer) => {
      if (stdout.length < cap) stdout += d.toString('utf8');
    });
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < cap) stderr += d.toString('utf8');
    });
    // The lifeline: we never write to it; it only has to stay open while we live.
    const lifeline = child.stdio[3] as Socket | null;
    lifeline?.on('error', (err) => void err); // EPIPE once the watchdog is gone: expected
    // A child that exits before reading all its input must not crash the worker with EPIPE.
    child.stdin?.on('error', (err) => void err);
    child.stdin?.end(o.input);
    child.on('error', (err) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      resolvePromise({ code: null, signal: null, stdout, stderr, spawnError: err.message });
    });
    // The watchdog exits with the command; anything still in its group (a grandchild that
    // outlived its parent, perhaps holding our stdout open) goes with it.
    child.on('exit', () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      lifeline?.destroy();
      resolvePromise({ code, signal, stdout, stderr, ...(killed ? { killed } : {}) });
    });
  });
}
