import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Default port of `claude-mem server` (the worker uses 37777; the team server sits 100 above). */
export const DEFAULT_SERVER_PORT = 37877;

/** `<data dir>/server.json`: which server process runs for this data dir, and where. */
export interface ServerRuntime {
  pid: number;
  host: string;
  port: number;
  version: string;
  startedAt: string;
}

export function serverRuntimePath(dataDir: string): string {
  return join(dataDir, 'server.json');
}

export function writeServerRuntime(dataDir: string, rt: ServerRuntime): void {
  writeFileSync(serverRuntimePath(dataDir), `${JSON.stringify(rt)}\n`, { mode: 0o600 });
}

export function readServerRuntime(dataDir: string): ServerRuntime | null {
  let text: string;
  try {
    text = readFileSync(serverRuntimePath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    return JSON.parse(text) as ServerRuntime;
  } catch (err) {
    void err; // a half-written file: treat as no server
    return null;
  }
}

/** Remove server.json only if it still names this pid (a newer server may have replaced it). */
export function clearServerRuntime(dataDir: string, pid: number): void {
  if (readServerRuntime(dataDir)?.pid === pid) rmSync(serverRuntimePath(dataDir), { force: true });
}
