import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { runProcess, type ProcessRun } from './run-process';

export const ROOT = resolve(__dirname, '../..');
export const CLI = join(ROOT, 'dist/bin/cli.js');
export const WORKER = join(ROOT, 'dist/bin/worker.js');

/** The test's environment for a child: no inherited claude-mem or Anthropic settings, a temp data dir, port 0. */
export function childEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('CLAUDE_MEM_') && !k.startsWith('ANTHROPIC_') && !k.startsWith('CLAUDECODE')) env[k] = v;
  }
  return { ...env, CLAUDE_MEM_DATA_DIR: dataDir, CLAUDE_MEM_WORKER_PORT: '0', ...extra };
}

export type RunResult = ProcessRun;

export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<RunResult> {
  return runProcess(process.execPath, [CLI, ...args], { env, timeoutMs, what: `claude-mem ${args.join(' ')}` });
}

/** Pids of worker processes (dist/bin/worker.js) whose CLAUDE_MEM_DATA_DIR is `dataDir`, found in /proc. */
export function workerPids(dataDir: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (!cmd.includes('worker.js')) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue; // a zombie is dead, just not reaped yet
      const env = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (env.includes(`CLAUDE_MEM_DATA_DIR=${dataDir}`)) out.push(Number(name));
    } catch (err) {
      void err; // the process exited while we looked
    }
  }
  return out;
}

export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request (node:http lets a test set Host and Origin, which fetch would not). */
export function http(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export interface SseEvent {
  id: string;
  event: string;
  data: string;
}

/** A minimal SSE client that records parsed events until closed. */
export function sse(port: number, headers: Record<string, string>): Promise<{ events: SseEvent[]; status: number; close(): void }> {
  return new Promise((resolvePromise, reject) => {
    const events: SseEvent[] = [];
    const req = request({ host: '127.0.0.1', port, path: '/api/events', headers }, (res) => {
      let buf = '';
      res.on('data', (d: Buffer) => {
        buf += d.toString();
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const e: SseEvent = { id: '', event: 'message', data: '' };
          let any = false;
          for (const line of block.split('\n')) {
            const m = /^(id|event|data): ?(.*)$/.exec(line);
            if (!m) continue;
            any = true;
            e[m[1] as 'id' | 'event' | 'data'] = m[2] as string;
          }
          if (any && e.id) events.push(e);
        }
      });
      res.on('error', (err) => void err); // destroyed by close(): expected
      resolvePromise({ events, status: res.statusCode ?? 0, close: () => req.destroy() });
    });
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
    req.end();
  });
}
