// A fake LLM backend: a real node:http server on 127.0.0.1 (port 0) that records every request
// and answers in the shape of one protocol (Anthropic Messages, OpenAI chat completions, Gemini
// generateContent). Tests script its replies; nothing here reaches any other host.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Protocol = 'anthropic' | 'openai' | 'gemini';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  json: unknown;
}

export type Reply =
  /** A successful completion whose text is `text`. */
  | { kind: 'text'; text: string; inputTokens?: number; outputTokens?: number }
  /** An error answer in the protocol's error shape (or `body` verbatim). */
  | {
      kind: 'error';
      status: number;
      message?: string;
      type?: string;
      body?: string;
      headers?: Record<string, string>;
    }
  /** Any status and body, verbatim. */
  | { kind: 'raw'; status: number; body: string; headers?: Record<string, string> }
  /** Never answer (the client must time out). */
  | { kind: 'hang' };

export interface FakeLlm {
  url: string;
  port: number;
  protocol: Protocol;
  requests: RecordedRequest[];
  /** Set the reply for the following requests (a function sees each request). */
  reply(r: Reply | ((req: RecordedRequest) => Reply)): void;
  close(): Promise<void>;
}

export const FAKE_REQUEST_ID = 'req_fake_0123456789';

export interface FakeLlmOptions {
  /** Answer each request after this long: a slow backend, so a worker can be stopped or killed mid-call. */
  delayMs?: number;
}

export async function startFakeLlm(
  protocol: Protocol,
  first: Reply | ((req: RecordedRequest) => Reply) = { kind: 'text', text: '{"observations": []}' },
  opts: FakeLlmOptions = {},
): Promise<FakeLlm> {
  let next: Reply | ((req: RecordedRequest) => Reply) = first;
  const requests: RecordedRequest[] = [];
  const server = await serveFake((req, body, res) => {
    const rec: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: flatHeaders(req),
      body,
      json: safeJson(body),
    };
    requests.push(rec);
    const reply = typeof next === 'function' ? next(rec) : next;
    if (!opts.delayMs) return answer(protocol, rec, reply, res);
    setTimeout(() => {
      if (!res.destroyed) answer(protocol, rec, reply, res); // else the client was killed mid-call
    }, opts.delayMs);
  });
  return {
    ...server,
    protocol,
    requests,
    reply(r) {
      next = r;
    },
  };
}

/**
 * The core of every fake model server here: node:http on 127.0.0.1, port 0, each request read
 * whole and handed on with its body; `close` drops open connections (a hanging reply included).
 */
export async function serveFake(
  handle: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(protocol: Protocol, req: RecordedRequest, reply: Reply, res: ServerResponse): void {
  if (reply.kind === 'hang') return; // keep the socket open, never write
  const base = {
    'content-type': 'application/json',
    'request-id': FAKE_REQUEST_ID,
    'x-request-id': FAKE_REQUEST_ID,
  };
  if (reply.kind === 'raw') {
    res.writeHead(reply.status, { ...base, ...reply.headers });
    res.end(reply.body);
    return;
  }
  if (reply.kind === 'error') {
    res.writeHead(reply.status, { ...base, ...reply.headers });
    res.end(
      reply.body ??
        errorBody(
          protocol,
          reply.status,
          reply.message ?? `fake error ${reply.status}`,
          reply.type,
        ),
    );
    return;
  }
  res.writeHead(200, base);
  res.end(
    JSON.stringify(
      successBody(protocol, req, reply.text, reply.inputTokens ?? 321, reply.outputTokens ?? 123),
    ),
  );
}

/** The model named by a request: the body's `model`, or Gemini's path segment. */
export function requestedModel(req: RecordedRequest): string {
  const m = (req.json as { model?: unknown } | undefined)?.model;
  if (typeof m === 'string') return m;
  const g = /\/models\/(.+):generateContent/.exec(req.path);
  return g ? decodeURIComponent(g[1] as string) : '';
}

function successBody(
  protocol: Protocol,
  req: RecordedRequest,
  text: string,
  input: number,
  output: number,
): unknown {
  const model = requestedModel(req);
  switch (protocol) {
    case 'anthropic':
      return {
        id: 'msg_fake_1',
        type: 'message',
        role: 'assistant',
        model,
        content: [{ type: 'text', text }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: input, output_tokens: output },
      };
    case 'openai':
      return {
        id: 'chatcmpl-fake-1',
        object: 'chat.completion',
        created: 1_700_000_000,
        model,
        choices: [
          { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
      };
    case 'gemini':
      return {
        candidates: [
          { content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 },
        ],
        usageMetadata: {
          promptTokenCount: input,
          candidatesTokenCount: output,
          totalTokenCount: input + output,
        },
        modelVersion: model,
      };
  }
}

/** An error body in each vendor's real shape. */
export function errorBody(
  protocol: Protocol,
  status: number,
  message: string,
  type?: string,
): string {
  switch (protocol) {
    case 'anthropic':
      return JSON.stringify({
        type: 'error',
        error: { type: type ?? anthropicType(status), message },
        request_id: FAKE_REQUEST_ID,
      });
    case 'openai':
      return JSON.stringify({
        error: { message, type: type ?? 'invalid_request_error', param: null, code: type ?? null },
      });
    case 'gemini':
      return JSON.stringify({
        error: { code: status, message, status: type ?? googleStatus(status) },
      });
  }
}

function anthropicType(status: number): string {
  const t: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    500: 'api_error',
    529: 'overloaded_error',
  };
  return t[status] ?? 'api_error';
}

function googleStatus(status: number): string {
  const t: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
  };
  return t[status] ?? 'UNKNOWN';
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch (err) {
    void err; // not JSON: tests read `body` instead
    return undefined;
  }
}
