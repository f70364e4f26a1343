import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/**
 * A slow fake Anthropic Messages endpoint on 127.0.0.1: answers every POST …/v1/messages after
 * `delayMs` with a well-formed message holding two observations and a summary. Slowness is the
 * point: the worker's drain takes long enough to be killed halfway.
 */
export async function startFakeAnthropic(
  delayMs: number,
  opts: {
    /** Answer with this error instead (e.g. a 401 for a wrong key); undefined lets the request succeed. */
    refuse?: (headers: IncomingHttpHeaders) => { status: number; body: string } | undefined;
  } = {},
): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      count++;
      const n = count;
      setTimeout(() => {
        if (res.destroyed) return; // the worker was killed mid-request
        const refusal = opts.refuse?.(req.headers);
        if (refusal) {
          res.writeHead(refusal.status, { 'content-type': 'application/json', 'request-id': `req_fake_${n}` });
          res.end(refusal.body);
          return;
        }
        const answer = {
          observations: [
            { type: 'discovery', title: `Finding ${n}a`, subtitle: 'from the fake backend', facts: ['a fact'], narrative: 'n', concepts: ['how-it-works'] },
            { type: 'change', title: `Finding ${n}b`, subtitle: 'from the fake backend', facts: [], narrative: '', concepts: [] },
          ],
          summary: { request: 'r', investigated: 'i', learned: 'l', completed: 'c', next_steps: '', notes: '' },
        };
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_fake_${n}` });
        res.end(
          JSON.stringify({
            id: `msg_${n}`,
            type: 'message',
            role: 'assistant',
            model: 'claude-haiku-4-5',
            content: [{ type: 'text', text: JSON.stringify(answer) }],
            stop_reason: 'end_turn',
            stop_sequence: null,
            usage: { input_tokens: 200, output_tokens: 80 },
          }),
        );
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
