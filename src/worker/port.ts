import { serve, type ServerType } from '@hono/node-server';
import { createServer } from 'node:net';
import { MemError } from '../contracts';

type Fetch = (req: Request) => Response | Promise<Response>;

export interface Listening {
  server: ServerType;
  port: number;
  /** The configured port, when another process held it and the worker took a free one instead. */
  heldPort?: number;
}

/**
 * Listen on 127.0.0.1 at the configured port, or, when another process holds it, on a free port.
 * CLAUDE_MEM_WORKER_PORT is shared with the original claude-mem (its settings.json is ours too),
 * so its worker may well sit on that port; failing to start would leave every event queued.
 * Hooks and the CLI find the worker through worker.json, never through the setting.
 */
export async function listenWithFallback(fetch: Fetch, port: number): Promise<Listening> {
  try {
    const server = await listen(fetch, port);
    return { server, port: boundPort(server) };
  } catch (err) {
    if (port === 0 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw listenError(err, port);
  }
  try {
    const server = await listen(fetch, 0);
    return { server, port: boundPort(server), heldPort: port };
  } catch (err) {
    throw listenError(err, 0);
  }
}

/** What status and doctor say when the configured port is held by a process that is not our worker. */
export function portHeldMessage(heldPort: number, actualPort?: number): string {
  const where = actualPort === undefined ? 'the worker will listen on a free port' : `the worker listens on port ${actualPort} instead`;
  return `port ${heldPort} (CLAUDE_MEM_WORKER_PORT) is held by another process, probably the original claude-mem's worker (the setting is shared); ${where}. Hooks and the CLI find it through worker.json.`;
}

/** Whether some other process listens on 127.0.0.1:`port` right now (doctor, status when stopped). */
export function isPortHeld(port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE'));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

function listen(fetch: Fetch, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port }, () => resolve(server));
    server.once('error', reject);
  });
}

function boundPort(server: ServerType): number {
  return (server.address() as { port: number }).port;
}

function listenError(err: unknown, port: number): MemError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new MemError('internal', `The worker could not listen on 127.0.0.1:${port} (${code}).`, {
    hint: 'Check that 127.0.0.1 is available, or set CLAUDE_MEM_WORKER_PORT to another port with `claude-mem config set`.',
    cause: err,
  });
}
