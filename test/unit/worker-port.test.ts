// CLAUDE_MEM_WORKER_PORT is shared with the original claude-mem, whose worker may hold it: our
// worker then listens on a free port (recorded in worker.json) instead of failing to start.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { isPortHeld, listenWithFallback, portHeldMessage } from '../../src/worker';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** A real foreign HTTP server on 127.0.0.1 (standing in for the original's worker); counts requests. */
async function foreignServer(): Promise<{ port: number; hits: () => number }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.end('{"status":"ok","name":"someone else"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return { port: (server.address() as { port: number }).port, hits: () => hits };
}

const ours = () => new Response(JSON.stringify({ ok: true }), { headers: { 'content-type': 'application/json' } });

describe('worker port fallback', () => {
  it('listens on the configured port when it is free', async () => {
    const probe = await foreignServer();
    await closers.pop()?.(); // free it again: a port known to be free a moment ago
    const l = await listenWithFallback(ours, probe.port);
    closers.push(() => new Promise((r) => l.server.close(() => r())));
    expect(l.port).toBe(probe.port);
    expect(l.heldPort).toBeUndefined();
  });

  it('takes a free port and reports the held one when another process holds the configured port', async () => {
    const foreign = await foreignServer();
    expect(await isPortHeld(foreign.port)).toBe(true);
    const l = await listenWithFallback(ours, foreign.port);
    closers.push(() => new Promise((r) => l.server.close(() => r())));
    expect(l.heldPort).toBe(foreign.port);
    expect(l.port).not.toBe(foreign.port);
    const body = (await (await fetch(`http://127.0.0.1:${l.port}/`)).json()) as { ok: boolean };
    expect(body.ok).toBe(true);
    expect(foreign.hits()).toBe(0);
  });

  it('port 0 is never "held"', async () => {
    expect(await isPortHeld(0)).toBe(false);
  });

  it('the message names the port, the other process and where the worker listens', () => {
    const m = portHeldMessage(37700, 41234);
    expect(m).toContain('port 37700');
    expect(m).toContain('another process');
    expect(m).toContain("original claude-mem's worker");
    expect(m).toContain('41234');
    expect(portHeldMessage(37700)).toContain('will listen on a free port');
  });
});
