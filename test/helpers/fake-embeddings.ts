import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const DIMS = 64;
/** Words the fake treats as the same meaning, so a test can tell vectors from keywords. */
const SAME_MEANING: Record<string, string> = { sedan: 'car', convertible: 'car' };

/** Deterministic embedding: a hashed bag of words, normalised. */
export function fakeVector(text: string): number[] {
  const v = new Array<number>(DIMS).fill(0);
  for (const raw of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const w = SAME_MEANING[raw] ?? raw;
    const h = createHash('sha1').update(w).digest();
    v[h.readUInt16BE(0) % DIMS]! += 1;
  }
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

export interface FakeEmbeddings {
  url: string;
  requests: Array<{ path: string; headers: IncomingMessage['headers']; body: unknown }>;
  /** Force the next responses to this status (0 = normal). */
  failWith: number;
  close(): Promise<void>;
}

/** OpenAI-compatible `/v1/embeddings` and Gemini `:batchEmbedContents` on 127.0.0.1, port 0. */
export async function startFakeEmbeddings(): Promise<FakeEmbeddings> {
  const state: FakeEmbeddings = { url: '', requests: [], failWith: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(data || '{}') as { input?: string[]; requests?: Array<{ content: { parts: Array<{ text: string }> } }> };
      state.requests.push({ path: req.url ?? '', headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      if (state.failWith) {
        res.statusCode = state.failWith;
        res.end(JSON.stringify({ error: { message: 'denied by fake' } }));
        return;
      }
      if (req.url === '/v1/embeddings') {
        res.end(JSON.stringify({ data: (body.input ?? []).map((t, index) => ({ index, embedding: fakeVector(t) })) }));
      } else if (req.url?.endsWith(':batchEmbedContents')) {
        res.end(JSON.stringify({ embeddings: (body.requests ?? []).map((r) => ({ values: fakeVector(r.content.parts[0]?.text ?? '') })) }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((r) => server.close(() => r()));
  return state;
}
