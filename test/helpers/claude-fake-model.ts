// A fake Anthropic Messages API on 127.0.0.1 that plays the model for the real Claude Code CLI.
// Claude Code sends `HEAD /` at start and `POST /v1/messages?beta=true` (always streaming SSE);
// our worker's claude provider sends non-streaming JSON requests to the same path.
//
// The script lives in the user's prompt, one directive per line, played in order:
//   @tool <ToolName> <json input>   → answer with a tool_use block (Claude Code runs the tool)
//   @text <final words>             → answer with text and end_turn
// Each main-loop request is answered with the directive after those already played (counted as
// the assistant messages in the request). Requests without tools (side calls) get a short text.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveFake } from './fake-llm';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  raw: string;
}

type Block =
  { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

export interface FakeModel {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Requests of Claude Code's main loop (those that offer tools), in order. */
  mainLoopRequests(): RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeModel(
  opts: {
    jsonReply?: (body: Record<string, unknown>) => string;
    /** The text of a streamed request without tools (a `claude -p --tools ""` call); default 'ok'. */
    streamReply?: (body: Record<string, unknown>) => string;
  } = {},
): Promise<FakeModel> {
  const requests: RecordedRequest[] = [];
  let toolSeq = 0;
  const server = await serveFake((req, raw, res) => {
    let body: unknown = undefined;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch (err) {
      void err; // recorded raw; answered below as a bad request
    }
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, raw });
    handle(req, res, body);
  });

  function handle(req: IncomingMessage, res: ServerResponse, body: unknown): void {
    if (req.method === 'HEAD' || req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.method === 'GET' ? '{}' : undefined);
      return;
    }
    const path = (req.url ?? '').split('?')[0];
    if (
      req.method !== 'POST' ||
      !path?.endsWith('/v1/messages') ||
      typeof body !== 'object' ||
      body === null
    ) {
      if (path?.endsWith('/count_tokens')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ input_tokens: 100 }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          type: 'error',
          error: { type: 'not_found_error', message: 'fake: unknown route' },
        }),
      );
      return;
    }
    const b = body as Record<string, unknown>;
    const model = typeof b.model === 'string' ? b.model : 'fake-model';
    if (b.stream !== true) {
      const text = opts.jsonReply ? opts.jsonReply(b) : 'ok';
      res.writeHead(200, {
        'content-type': 'application/json',
        'request-id': `req_fake_${requests.length}`,
      });
      res.end(
        JSON.stringify({
          id: `msg_fake_${requests.length}`,
          type: 'message',
          role: 'assistant',
          model,
          content: [{ type: 'text', text }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: 100, output_tokens: 20 },
        }),
      );
      return;
    }
    const { blocks, stop } = nextTurn(b);
    streamMessage(res, model, blocks, stop);
  }

  function nextTurn(b: Record<string, unknown>): {
    blocks: Block[];
    stop: 'tool_use' | 'end_turn';
  } {
    const hasTools = Array.isArray(b.tools) && b.tools.length > 0;
    const messages = Array.isArray(b.messages)
      ? (b.messages as Array<{ role: string; content: unknown }>)
      : [];
    if (!hasTools)
      return { blocks: [{ type: 'text', text: opts.streamReply?.(b) ?? 'ok' }], stop: 'end_turn' };
    const directives = parseDirectives(firstUserText(messages));
    const played = messages.filter((m) => m.role === 'assistant').length;
    const d = directives[played];
    if (!d || d.kind === 'text')
      return { blocks: [{ type: 'text', text: d?.text ?? 'done' }], stop: 'end_turn' };
    toolSeq++;
    return {
      blocks: [
        {
          type: 'tool_use',
          id: `toolu_fake_${Date.now()}_${toolSeq}`,
          name: d.tool,
          input: d.input,
        },
      ],
      stop: 'tool_use',
    };
  }

  return {
    ...server,
    requests,
    mainLoopRequests: () =>
      requests.filter((r) => {
        const b = r.body as { tools?: unknown[]; stream?: boolean } | undefined;
        return (
          r.method === 'POST' && b?.stream === true && Array.isArray(b.tools) && b.tools.length > 0
        );
      }),
  };
}

type Directive = { kind: 'tool'; tool: string; input: unknown } | { kind: 'text'; text: string };

/** The directives of the user's prompt: the text of the first user message that has any. */
function parseDirectives(text: string): Directive[] {
  const out: Directive[] = [];
  for (const line of text.split('\n')) {
    const tool = /^@tool ([\w-]+) (.+)$/.exec(line.trim()); // MCP tool names hold dashes
    if (tool)
      out.push({ kind: 'tool', tool: tool[1] as string, input: JSON.parse(tool[2] as string) });
    const t = /^@text (.*)$/.exec(line.trim());
    if (t) out.push({ kind: 'text', text: t[1] as string });
  }
  return out;
}

function firstUserText(messages: Array<{ role: string; content: unknown }>): string {
  for (const m of messages) {
    if (m.role !== 'user') continue;
    // Only what the user typed: injected memory (a system reminder) may quote earlier prompts.
    const text = allText(m.content)
      .split(/<system-reminder>[\s\S]*?<\/system-reminder>/)
      .join('\n');
    if (text.includes('@tool') || text.includes('@text')) return text;
  }
  return '';
}

/** All text of a message's content (a string or blocks), system reminders included. */
export function allText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((c: { type?: string; text?: string }) =>
      c.type === 'text' && typeof c.text === 'string' ? c.text : '',
    )
    .join('\n');
}

function streamMessage(
  res: ServerResponse,
  model: string,
  blocks: Block[],
  stop: 'tool_use' | 'end_turn',
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const send = (event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('message_start', {
    type: 'message_start',
    message: {
      id: `msg_fake_${Date.now()}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: 1 },
    },
  });
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'text', text: '' },
      });
      send('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'text_delta', text: block.text },
      });
    } else {
      send('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      send('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    }
    send('content_block_stop', { type: 'content_block_stop', index });
  });
  send('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: stop, stop_sequence: null },
    usage: { output_tokens: 20 },
  });
  send('message_stop', { type: 'message_stop' });
  res.end();
}
