// A fake Anthropic Messages API on 127.0.0.1: answers every POST /v1/messages with valid
// observation JSON and a usage block (input tokens ≈ request chars/4, output ≈ answer chars/4),
// and records what it was asked, so the benchmark counts model calls and tokens.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAnthropic {
  url: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  requestChars: number;
  close(): Promise<void>;
}

export async function startFakeAnthropic(
  opts: { latencyMs?: number } = {},
): Promise<FakeAnthropic> {
  const state = { calls: 0, inputTokens: 0, outputTokens: 0, requestChars: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            type: 'error',
            error: { type: 'not_found_error', message: `no route ${req.method} ${req.url}` },
          }),
        );
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = answerFor(body);
      const usage = {
        input_tokens: Math.ceil(body.length / 4),
        output_tokens: Math.ceil(answer.length / 4),
      };
      state.calls++;
      state.requestChars += body.length;
      state.inputTokens += usage.input_tokens;
      state.outputTokens += usage.output_tokens;
      const model = (JSON.parse(body) as { model?: string }).model ?? 'fake';
      const message = {
        id: `msg_bench_${state.calls}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [{ type: 'text', text: answer }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage,
      };
      setTimeout(() => {
        res.writeHead(200, {
          'content-type': 'application/json',
          'request-id': `req_bench_${state.calls}`,
        });
        res.end(JSON.stringify(message));
      }, opts.latencyMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get calls() {
      return state.calls;
    },
    get inputTokens() {
      return state.inputTokens;
    },
    get outputTokens() {
      return state.outputTokens;
    },
    get requestChars() {
      return state.requestChars;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Two observations about the files the request mentions, plus a turn summary: what a model would say. */
function answerFor(body: string): string {
  const files = [...new Set(body.match(/src\/[a-z]+\/[a-z]+\.ts/g) ?? [])].slice(0, 4);
  const first = files[0] ?? 'src/unknown.ts';
  return JSON.stringify({
    observations: [
      {
        type: 'bugfix',
        title: `Fixed the retry path in ${first}`,
        subtitle: 'A missing await let two writers race on the lease',
        facts: [
          `${first} now awaits the flush before releasing the lease`,
          'The regression test covers the race',
        ],
        narrative:
          'The worker released the lease before the flush finished, so a second writer could claim the same batch. The fix awaits the flush.',
        concepts: ['problem-solution', 'gotcha'],
        files_read: files.slice(1),
        files_modified: [first],
      },
      {
        type: 'discovery',
        title: `How ${first} schedules its batches`,
        subtitle: 'Batches are claimed per turn with a lease',
        facts: ['Each claim takes a lease of 60 seconds', 'Expired leases return to the queue'],
        narrative:
          'Batches are claimed per turn; a lease that expires sends the events back to the queue.',
        concepts: ['how-it-works'],
        files_read: files,
        files_modified: [],
      },
    ],
    summary: {
      request: 'Fix the race in the queue worker',
      investigated: `Read ${files.join(', ') || first}`,
      learned: 'The lease was released before the flush',
      completed: 'Awaited the flush and added a test',
      next_steps: 'Watch the retry metrics',
      notes: '',
    },
  });
}
