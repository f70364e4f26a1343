// A real worker process (dist/bin/worker.js) on a temp data dir and port 0, for the viewer's
// browser tests, plus a tiny fake Anthropic backend that always answers 401.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

export interface RunningWorker {
  dataDir: string;
  dbPath: string;
  base: string;
  port: number;
  token: string;
  /** Authenticated JSON call with the install token. */
  api<T = unknown>(
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'cm-viewer-'));
}

/** Start `node dist/bin/worker.js` on `dataDir` and wait until it answers /api/health. */
export async function startWorker(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<RunningWorker> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/bin/worker.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dataDir,
      CLAUDE_MEM_DATA_DIR: dataDir,
      CLAUDE_MEM_WORKER_PORT: '0',
      CLAUDE_MEM_PROVIDER: 'offline',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const port = await waitForPort(dataDir, child, () => stderr);
  const base = `http://127.0.0.1:${port}`;
  const token = readFileSync(join(dataDir, 'worker.token'), 'utf8').trim();
  return {
    dataDir,
    dbPath: join(dataDir, 'memory.db'),
    base,
    port,
    token,
    async api<T>(path: string, init: { method?: string; body?: unknown } = {}) {
      const res = await fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          'x-claude-mem-token': token,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      return { status: res.status, body: (await res.json()) as T };
    },
    stop: () => stopChild(child),
  };
}

async function waitForPort(
  dataDir: string,
  child: ChildProcess,
  stderr: () => string,
): Promise<number> {
  const runtimePath = join(dataDir, 'worker.json');
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null)
      throw new Error(`worker exited with ${child.exitCode}: ${stderr()}`);
    if (existsSync(runtimePath)) {
      try {
        const { port } = JSON.parse(readFileSync(runtimePath, 'utf8')) as { port: number };
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (res.ok) return port;
      } catch (err) {
        void err; // being written, or not listening yet: try again
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`worker did not start: ${stderr()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** `.env` for the data dir, mode 0600. */
export function writeEnvFile(dataDir: string, lines: Record<string, string>): void {
  writeFileSync(
    join(dataDir, '.env'),
    `${Object.entries(lines)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
    { mode: 0o600 },
  );
}

export const FAKE_401_REQUEST_ID = 'req_viewer_401_abc123';
export const FAKE_401_BODY =
  '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_viewer_401_abc123"}';

/** An Anthropic-shaped backend that rejects every call with 401 and a request-id header. */
export async function startRejectingBackend(): Promise<{
  url: string;
  calls: () => number;
  close(): Promise<void>;
}> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      calls++;
      res.writeHead(401, { 'content-type': 'application/json', 'request-id': FAKE_401_REQUEST_ID });
      res.end(FAKE_401_BODY);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
