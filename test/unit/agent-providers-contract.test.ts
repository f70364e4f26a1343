// One contract, every provider: each adapter is pointed at a real local HTTP server speaking its
// protocol and must map the same situations to the same outcomes (DESIGN principle 4, STYLE 12).
// The embeddings clients run the same HTTP scenarios (same table, same kinds, Retry-After).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, probeProvider } from '../../src/agent';
import { claudeCodeChildEnv, type ProviderConfig } from '../../src/config';
import { FAILURE_ERROR_KINDS, FAILURE_FIXES, isMemError, type MemError } from '../../src/contracts';
import { createMemoryLogger } from '../../src/log';
import { createGeminiEmbedder, createOpenAiEmbedder, type Embedder } from '../../src/search';
import {
  FAKE_REQUEST_ID,
  errorBody,
  requestedModel,
  startFakeLlm,
  type FakeLlm,
  type Protocol,
} from '../helpers/fake-llm';
import { GOOD_ANSWER, sampleTurn } from '../helpers/fake-llm-fixtures';
import { CLAUDE_BIN } from '../helpers/claude-cli';
import { startFakeModel, type FakeModel } from '../helpers/claude-fake-model';

const API_KEY = 'sk-ant-api03-contract-test-key-0123456789';
const AUTH_TOKEN = 'litellm-virtual-key-contract-0123456789';
const OR_KEY = 'sk-or-v1-contract-test-key-0123456789';
const GEMINI_KEY = 'AIzaContractTestKey0123456789abcdefghi';
// Generous for normal calls (the machine is shared and slow at times); short only for the
// scenario where the server never answers.
const TIMEOUT_MS = 15_000;
const HANG_TIMEOUT_MS = 400;

interface Variant {
  name: string;
  protocol: Protocol;
  model: string;
  cfg(url: string, timeoutMs?: number): ProviderConfig;
  path: string;
  /** Expected auth headers; `undefined` means the header must be absent. */
  auth: Record<string, string | undefined>;
  secrets: string[];
}

const VARIANTS: Variant[] = [
  {
    name: 'anthropic with ANTHROPIC_API_KEY',
    protocol: 'anthropic',
    model: 'corp-gw/claude-haiku-4-5@prod',
    cfg: (url, timeoutMs = TIMEOUT_MS) => ({
      provider: 'claude',
      model: 'corp-gw/claude-haiku-4-5@prod',
      baseURL: url,
      apiKey: API_KEY,
      timeoutMs,
    }),
    path: '/v1/messages',
    auth: { 'x-api-key': API_KEY, authorization: undefined, 'anthropic-version': '2023-06-01' },
    secrets: [API_KEY],
  },
  {
    name: 'anthropic with ANTHROPIC_AUTH_TOKEN',
    protocol: 'anthropic',
    model: 'claude-sonnet-4-5',
    cfg: (url, timeoutMs = TIMEOUT_MS) => ({
      provider: 'claude',
      model: 'claude-sonnet-4-5',
      baseURL: `${url}/anthropic`,
      authToken: AUTH_TOKEN,
      timeoutMs,
    }),
    path: '/anthropic/v1/messages',
    auth: {
      'x-api-key': undefined,
      authorization: `Bearer ${AUTH_TOKEN}`,
      'anthropic-version': '2023-06-01',
    },
    secrets: [AUTH_TOKEN],
  },
  {
    name: 'anthropic tokenless gateway',
    protocol: 'anthropic',
    model: 'haiku-alias',
    cfg: (url, timeoutMs = TIMEOUT_MS) => ({
      provider: 'claude',
      model: 'haiku-alias',
      baseURL: url,
      timeoutMs,
    }),
    path: '/v1/messages',
    auth: { 'x-api-key': undefined, authorization: undefined, 'anthropic-version': '2023-06-01' },
    secrets: [],
  },
  {
    name: 'openai-compatible (openrouter) with key',
    protocol: 'openai',
    model: 'anthropic/claude-haiku-4.5',
    cfg: (url, timeoutMs = TIMEOUT_MS) => ({
      provider: 'openrouter',
      model: 'anthropic/claude-haiku-4.5',
      baseURL: `${url}/api/v1`,
      apiKey: OR_KEY,
      timeoutMs,
    }),
    path: '/api/v1/chat/completions',
    auth: { authorization: `Bearer ${OR_KEY}`, 'x-api-key': undefined },
    secrets: [OR_KEY],
  },
  {
    name: 'openai-compatible keyless (Ollama-style)',
    protocol: 'openai',
    model: 'qwen2.5-coder:7b',
    cfg: (url, timeoutMs = TIMEOUT_MS) => ({
      provider: 'openrouter',
      model: 'qwen2.5-coder:7b',
      baseURL: `${url}/v1`,
      timeoutMs,
    }),
    path: '/v1/chat/completions',
    auth: { authorization: undefined, 'x-api-key': undefined },
    secrets: [],
  },
  {
    name: 'gemini',
    protocol: 'gemini',
    model: 'gemini-2.5-flash-lite',
    cfg: (url, timeoutMs = TIMEOUT_MS) => ({
      provider: 'gemini',
      model: 'gemini-2.5-flash-lite',
      baseURL: url,
      apiKey: GEMINI_KEY,
      timeoutMs,
    }),
    path: '/v1beta/models/gemini-2.5-flash-lite:generateContent',
    auth: { 'x-goog-api-key': GEMINI_KEY, authorization: undefined, 'x-api-key': undefined },
    secrets: [GEMINI_KEY],
  },
];

const FETCH_OWN_HEADERS = [
  'host',
  'connection',
  'content-length',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
];
const SETTINGS = {
  CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS: 4_000,
  CLAUDE_MEM_BATCH_MAX_CHARS: 40_000,
  CLAUDE_MEM_REDACT_SECRETS: true,
};

/**
 * One HTTP answer, one failure kind, whichever client got it: the model providers (here) and the
 * embeddings clients (below) share `classifyHttp` from contracts/failures.ts.
 */
const HTTP_CASES = [
  [401, 'auth', 'invalid x-api-key'],
  [403, 'auth', 'this key may not use this model'],
  [404, 'bad_request', 'model: no-such-model not found'],
  [400, 'bad_request', 'messages: field required'],
  [402, 'quota', 'payment required'],
  [408, 'transient', 'request timeout'],
  [413, 'context_overflow', 'request entity too large'],
  [500, 'transient', 'internal server error'],
  [529, 'transient', 'Overloaded'],
] as const;

describe.each(VARIANTS)('provider contract: $name', (v) => {
  let server: FakeLlm;
  let urls: string[];
  let logger: ReturnType<typeof createMemoryLogger>;

  beforeAll(async () => {
    server = await startFakeLlm(v.protocol);
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    // Every URL the SDKs asked for went to the fake server: no default host, no second endpoint.
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u.startsWith(`${server.url}/`)).toBe(true);
    expect(
      urls.some((u) => /anthropic\.com|openai\.com|openrouter\.ai|googleapis\.com/.test(u)),
    ).toBe(false);
    // Secrets never reach a log line.
    const logged = JSON.stringify(logger.lines);
    for (const s of v.secrets) expect(logged).not.toContain(s);
  });

  const run = async (summarize = true, timeoutMs = TIMEOUT_MS) => {
    urls = [];
    logger = createMemoryLogger();
    server.requests.length = 0;
    const recordingFetch: typeof fetch = (input, init) => {
      urls.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      return fetch(input, init);
    };
    const agent = createAgent(v.cfg(server.url, timeoutMs), {
      logger,
      settings: SETTINGS,
      fetch: recordingFetch,
    });
    return agent.compress({
      project: 'proj',
      userPrompt: 'Fix the failing parser test',
      events: sampleTurn(),
      summarize,
    });
  };

  const errorLine = () => logger.lines.find((l) => l.level === 'error');

  it('success: one request, verbatim model, right auth headers, no tools, parsed observations', async () => {
    server.reply({ kind: 'text', text: JSON.stringify(GOOD_ANSWER) });
    const res = await run();
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(v.path);
    expect(requestedModel(req)).toBe(v.model);
    for (const [h, value] of Object.entries(v.auth)) expect(req.headers[h], h).toBe(value);
    expect(req.body).not.toMatch(/"tools"|"tool_choice"|"functionDeclarations"/);
    // Exactly the headers we chose (plus what fetch itself adds): nothing inherited, nothing extra.
    expect(
      Object.keys(req.headers)
        .filter((h) => !FETCH_OWN_HEADERS.includes(h))
        .sort(),
    ).toEqual(
      [
        'accept',
        'content-type',
        'user-agent',
        ...Object.keys(v.auth).filter((h) => v.auth[h] !== undefined),
      ].sort(),
    );
    expect(req.body).not.toContain('claude-mem-keyless');
    expect(req.body).toContain('Fix the failing parser test');

    expect(res).toMatchObject({
      ok: true,
      origin: 'model',
      inputTokens: 321,
      outputTokens: 123,
      model: v.model,
    });
    if (!res.ok) throw new Error('unreachable');
    expect(res.observations[0]).toMatchObject({
      type: 'bugfix',
      title: 'Fixed off-by-one in parser',
      filesModified: ['src/parser.ts'],
    });
    expect(res.summary?.learned).toBe('The loop bound was off by one');

    const start = logger.lines.find((l) => l.msg === 'Starting SDK query');
    expect(start?.fields).toMatchObject({
      provider: v.cfg('http://x').provider,
      model: v.model,
      baseUrlHost: `127.0.0.1:${server.port}`,
    });
    const done = logger.lines.find((l) => l.msg === 'Response received');
    expect(done?.fields).toMatchObject({ inputTokens: 321, outputTokens: 123 });
    expect(typeof done?.fields?.['ms']).toBe('number');
  });

  it.each(HTTP_CASES)(
    'HTTP %i maps to %s, logs status + verbatim body + request id',
    async (status, kind, message) => {
      server.reply({ kind: 'error', status, message });
      const res = await run();
      expect(server.requests).toHaveLength(1); // no retry inside the agent
      expect(res).toMatchObject({ ok: false, kind, status, requestId: FAKE_REQUEST_ID });
      if (res.ok) throw new Error('unreachable');
      expect(res.body).toBe(errorBody(v.protocol, status, message));
      const line = errorLine();
      expect(line?.fields).toMatchObject({
        status,
        requestId: FAKE_REQUEST_ID,
        kind,
        body: errorBody(v.protocol, status, message),
      });
    },
  );

  it('429 with Retry-After maps to rate_limit with retryAfterMs', async () => {
    server.reply({
      kind: 'error',
      status: 429,
      message: 'slow down',
      headers: { 'retry-after': '7' },
    });
    const res = await run();
    expect(server.requests).toHaveLength(1);
    expect(res).toMatchObject({
      ok: false,
      kind: 'rate_limit',
      status: 429,
      retryAfterMs: 7_000,
      requestId: FAKE_REQUEST_ID,
    });
    expect(errorLine()?.fields).toMatchObject({ status: 429, retryAfterMs: 7_000 });
  });

  it('429 with retry-after-ms is honoured to the millisecond', async () => {
    server.reply({
      kind: 'error',
      status: 429,
      message: 'slow down',
      headers: { 'retry-after-ms': '1500', 'retry-after': '2' },
    });
    expect(await run()).toMatchObject({ ok: false, kind: 'rate_limit', retryAfterMs: 1_500 });
  });

  it('a billing error maps to quota', async () => {
    const status = v.protocol === 'openai' ? 429 : 400;
    const message =
      v.protocol === 'openai'
        ? 'You exceeded your current quota, please check your plan and billing details.'
        : 'Your credit balance is too low to access the API. Please go to Plans & Billing to upgrade or purchase credits.';
    server.reply({
      kind: 'error',
      status,
      message,
      ...(v.protocol === 'openai' ? { type: 'insufficient_quota' } : {}),
    });
    expect(await run()).toMatchObject({ ok: false, kind: 'quota', status });
  });

  it('a prompt that is too long maps to context_overflow', async () => {
    server.reply({
      kind: 'error',
      status: 400,
      message: 'prompt is too long: 250000 tokens > 200000 maximum',
    });
    expect(await run()).toMatchObject({ ok: false, kind: 'context_overflow', status: 400 });
  });

  it('timeout: a server that never answers is a transient failure', async () => {
    server.reply({ kind: 'hang' });
    const res = await run(true, HANG_TIMEOUT_MS);
    expect(res).toMatchObject({ ok: false, kind: 'transient' });
    if (res.ok) throw new Error('unreachable');
    expect(res.message).toMatch(/time/i);
    expect(res.status).toBeUndefined();
    expect(errorLine()?.fields).toMatchObject({ kind: 'transient' });
  });

  it('a malformed body is bad_output, with the body kept for the log', async () => {
    server.reply({ kind: 'raw', status: 200, body: '{"id": "msg_1", "content": [ {"type": "te' });
    const res = await run();
    expect(res).toMatchObject({ ok: false, kind: 'bad_output' });
    if (res.ok) throw new Error('unreachable');
    expect(res.body).toContain('"content": [ {"type": "te');
  });

  it('a 200 with a foreign JSON shape is bad_output', async () => {
    server.reply({ kind: 'raw', status: 200, body: '{"hello": "world"}' });
    expect(await run()).toMatchObject({ ok: false, kind: 'bad_output' });
  });

  it('a prose answer keeps the batch raw (no throw, tokens still counted)', async () => {
    server.reply({
      kind: 'text',
      text: 'I looked at the events and everything seems fine. Nothing to add!',
    });
    const res = await run();
    expect(res).toMatchObject({ ok: true, origin: 'raw', inputTokens: 321, outputTokens: 123 });
    if (!res.ok) throw new Error('unreachable');
    expect(res.observations.map((o) => o.title)).toContain('Bash: npm test (exit 1)');
    expect(res.summary?.request).toBe('Fix the failing parser test');
    expect(
      logger.lines.some((l) => l.level === 'warn' && /Unusable model answer/.test(l.msg)),
    ).toBe(true);
  });

  it('an empty answer keeps the batch raw', async () => {
    server.reply({ kind: 'text', text: '' });
    const res = await run(false);
    expect(res).toMatchObject({ ok: true, origin: 'raw' });
    if (!res.ok) throw new Error('unreachable');
    expect(res.observations.length).toBeGreaterThan(0);
    expect(res.summary).toBeUndefined();
  });

  it('probeProvider reports the exact outcome', async () => {
    urls = [];
    logger = createMemoryLogger();
    const recordingFetch: typeof fetch = (input, init) => {
      urls.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    server.reply({ kind: 'text', text: 'ok' });
    const good = await probeProvider(v.cfg(server.url), { logger, fetch: recordingFetch });
    expect(good).toMatchObject({
      ok: true,
      status: 200,
      requestId: FAKE_REQUEST_ID,
      model: v.model,
      baseUrlHost: `127.0.0.1:${server.port}`,
    });
    server.reply({ kind: 'error', status: 401, message: 'invalid key' });
    const bad = await probeProvider(v.cfg(server.url), { logger, fetch: recordingFetch });
    expect(bad).toMatchObject({
      ok: false,
      kind: 'auth',
      status: 401,
      requestId: FAKE_REQUEST_ID,
      bodyExcerpt: errorBody(v.protocol, 401, 'invalid key'),
    });
  });
});

interface EmbedderVariant {
  name: string;
  protocol: Protocol;
  create(url: string, fetchImpl: typeof fetch, timeoutMs?: number): Embedder;
  /** A well-formed answer with one vector per text. */
  ok(count: number): string;
  path: string;
  key: string;
}

const EMBED_KEY = 'sk-embed-contract-test-key-0123456789';
const EMBEDDERS: EmbedderVariant[] = [
  {
    name: 'openai-compatible embeddings',
    protocol: 'openai',
    create: (url, fetchImpl, timeoutMs = TIMEOUT_MS) =>
      createOpenAiEmbedder({ provider: 'openai', baseURL: `${url}/v1`, model: 'text-embedding-3-small', apiKey: EMBED_KEY, fetch: fetchImpl, timeoutMs }),
    ok: (n) => JSON.stringify({ data: Array.from({ length: n }, (_, index) => ({ index, embedding: [0.1, 0.2, 0.3] })) }),
    path: '/v1/embeddings',
    key: EMBED_KEY,
  },
  {
    name: 'gemini embeddings',
    protocol: 'gemini',
    create: (url, fetchImpl, timeoutMs = TIMEOUT_MS) =>
      createGeminiEmbedder({ baseURL: url, model: 'text-embedding-004', apiKey: GEMINI_KEY, fetch: fetchImpl, timeoutMs }),
    ok: (n) => JSON.stringify({ embeddings: Array.from({ length: n }, () => ({ values: [0.1, 0.2, 0.3] })) }),
    path: '/v1beta/models/text-embedding-004:batchEmbedContents',
    key: GEMINI_KEY,
  },
];

// The embeddings clients run the same scenarios against the same fake server: an answer the model
// providers call `quota` is `provider_quota` here (FAILURE_ERROR_KINDS), with Retry-After kept.
describe.each(EMBEDDERS)('embeddings contract: $name', (v) => {
  let server: FakeLlm;
  let urls: string[];

  beforeAll(async () => {
    server = await startFakeLlm(v.protocol);
  });
  afterAll(async () => {
    await server.close();
  });

  const embedder = (timeoutMs?: number) => {
    urls = [];
    server.requests.length = 0;
    const recordingFetch: typeof fetch = (input, init) => {
      urls.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    return v.create(server.url, recordingFetch, timeoutMs);
  };
  /** The MemError the embed call threw (fails the test if it did not throw one). */
  const failure = async (timeoutMs?: number): Promise<MemError> => {
    const err = await embedder(timeoutMs).embed(['one text']).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isMemError(err)) throw new Error(`expected a MemError, got ${String(err)}`);
    return err;
  };

  it('success: one request to the configured endpoint, one vector per text', async () => {
    server.reply({ kind: 'raw', status: 200, body: v.ok(2) });
    const vectors = await embedder().embed(['one', 'two']);
    expect(vectors.map((x) => Array.from(x).length)).toEqual([3, 3]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.path).toBe(v.path);
    expect(urls.every((u) => u.startsWith(`${server.url}/`))).toBe(true);
  });

  it.each(HTTP_CASES)('HTTP %i maps to %s, as for the model providers', async (status, kind, message) => {
    server.reply({ kind: 'error', status, message });
    const err = await failure();
    expect(err.kind).toBe(FAILURE_ERROR_KINDS[kind]);
    expect(err.hint).toBe(FAILURE_FIXES.embeddings[kind]);
    expect(err.message).toContain(String(status));
    expect(err.message).not.toContain(v.key);
    expect(server.requests).toHaveLength(1); // no retry inside the client
  });

  it('429 with Retry-After maps to rate_limit with retryAfterMs', async () => {
    server.reply({ kind: 'error', status: 429, message: 'slow down', headers: { 'retry-after': '7' } });
    const err = await failure();
    expect(err).toMatchObject({ kind: FAILURE_ERROR_KINDS.rate_limit, retryAfterMs: 7_000 });
  });

  it('429 with retry-after-ms is honoured to the millisecond', async () => {
    server.reply({ kind: 'error', status: 429, message: 'slow down', headers: { 'retry-after-ms': '1500', 'retry-after': '2' } });
    expect(await failure()).toMatchObject({ kind: FAILURE_ERROR_KINDS.rate_limit, retryAfterMs: 1_500 });
  });

  it('a 503 with Retry-After keeps it; a 401 never carries one', async () => {
    server.reply({ kind: 'error', status: 503, message: 'overloaded', headers: { 'retry-after': '3' } });
    expect(await failure()).toMatchObject({ kind: FAILURE_ERROR_KINDS.transient, retryAfterMs: 3_000 });
    server.reply({ kind: 'error', status: 401, message: 'bad key', headers: { 'retry-after': '3' } });
    expect((await failure()).retryAfterMs).toBeUndefined();
  });

  it('a billing error maps to quota', async () => {
    server.reply({ kind: 'error', status: 429, message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota' });
    expect((await failure()).kind).toBe(FAILURE_ERROR_KINDS.quota);
  });

  it('timeout: a server that never answers is a transient failure', async () => {
    server.reply({ kind: 'hang' });
    const err = await failure(HANG_TIMEOUT_MS);
    expect(err.kind).toBe(FAILURE_ERROR_KINDS.transient);
  });

  it('a malformed body is bad_output', async () => {
    server.reply({ kind: 'raw', status: 200, body: '{"data": [ {"embedding": [0.1,' });
    expect((await failure()).kind).toBe(FAILURE_ERROR_KINDS.bad_output);
  });

  it('a 200 with a foreign JSON shape is bad_output', async () => {
    server.reply({ kind: 'raw', status: 200, body: '{"hello": "world"}' });
    expect((await failure()).kind).toBe(FAILURE_ERROR_KINDS.bad_output);
  });
});

// The same contract for `claude-code`: the REAL Claude Code CLI (2.1.197) is the adapter, and it
// reaches the local fakes only through its own settings (`env` in a temp HOME's
// ~/.claude/settings.json), as a gateway user's would. The CLI streams, so the success case uses
// the streaming fake model; error answers are plain JSON and come from the same fake server as
// above. The CLI does not surface Retry-After or request ids, so those are not part of it.
describe('provider contract: claude-code (the real claude CLI)', () => {
  const GW_TOKEN = 'gw-token-contract-0123456789';
  let tmp: string;
  let server: FakeLlm;
  let model: FakeModel;
  let errHome: string;
  let okHome: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'cm-cc-contract-'));
    server = await startFakeLlm('anthropic');
    model = await startFakeModel({ streamReply: () => JSON.stringify(GOOD_ANSWER) });
    errHome = gatewayHome(join(tmp, 'err-home'), server.url);
    okHome = gatewayHome(join(tmp, 'ok-home'), model.url);
  });
  afterAll(async () => {
    await server.close();
    await model.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  function gatewayHome(home: string, url: string): string {
    mkdirSync(join(home, '.claude'), { recursive: true });
    writeFileSync(
      join(home, '.claude', 'settings.json'),
      JSON.stringify({ env: { ANTHROPIC_BASE_URL: url, ANTHROPIC_AUTH_TOKEN: GW_TOKEN } }),
    );
    return home;
  }

  const cfg = (home: string, timeoutMs = 60_000): ProviderConfig => ({
    provider: 'claude-code',
    model: 'claude-haiku-4-5',
    claudePath: CLAUDE_BIN,
    env: claudeCodeChildEnv({ PATH: process.env.PATH, HOME: home, ANTHROPIC_API_KEY: 'sk-ant-shell-key-not-ours' }),
    workDir: join(tmp, 'work'),
    watchFiles: [],
    timeoutMs,
  });

  const run = (home: string, logger = createMemoryLogger(), timeoutMs?: number) =>
    createAgent(cfg(home, timeoutMs), { logger, settings: SETTINGS }).compress({
      project: 'proj',
      userPrompt: 'Fix the failing parser test',
      events: sampleTurn(),
      summarize: true,
    });

  it('success: the CLI sends our prompt with no tools and its own credentials; observations parsed; logged', async () => {
    const logger = createMemoryLogger();
    const before = model.requests.length;
    const res = await run(okHome, logger);
    expect(res).toMatchObject({ ok: true, origin: 'model', model: 'claude-haiku-4-5' });
    if (!res.ok) throw new Error('unreachable');
    expect(res.inputTokens).toBeGreaterThan(0);
    expect(res.observations[0]).toMatchObject({ type: 'bugfix', title: 'Fixed off-by-one in parser' });
    const sent = model.requests.slice(before).filter((r) => r.method === 'POST');
    expect(sent).toHaveLength(1); // one model call per batch: no title or side calls
    const body = sent[0]!.body as { tools?: unknown[]; model: string; system: unknown; messages: unknown };
    expect(body.tools ?? []).toEqual([]);
    expect(body.model).toBe('claude-haiku-4-5');
    expect(JSON.stringify(body.messages)).toContain('Fix the failing parser test');
    expect(JSON.stringify(body.system)).toContain('observations');
    expect(sent[0]!.headers.authorization).toBe(`Bearer ${GW_TOKEN}`);
    expect(sent[0]!.headers['x-api-key']).toBeUndefined(); // the shell's key never reaches it
    expect(logger.lines.find((l) => l.msg === 'Starting SDK query')?.fields).toMatchObject({ provider: 'claude-code' });
    expect(logger.lines.find((l) => l.msg === 'Response received')?.fields).toMatchObject({ provider: 'claude-code' });
  }, 120_000);

  it.each([
    [401, 'auth', 'invalid x-api-key'],
    [404, 'bad_request', 'model: no-such-model not found'],
    [400, 'bad_request', 'messages: field required'],
    [500, 'transient', 'internal server error'],
    [429, 'rate_limit', 'slow down'],
    [400, 'quota', 'Your credit balance is too low to access the API.'],
    [400, 'context_overflow', 'prompt is too long: 250000 tokens > 200000 maximum'],
  ] as const)('HTTP %i maps to %s (%s), with the CLI message kept for the log', async (status, kind, message) => {
    server.reply({ kind: 'error', status, message });
    const logger = createMemoryLogger();
    const res = await run(errHome, logger);
    expect(res).toMatchObject({ ok: false, kind });
    if (res.ok) throw new Error('unreachable');
    expect(res.message).toMatch(/^claude CLI: /);
    expect(res.body).toContain('"is_error":true');
    expect(logger.lines.find((l) => l.level === 'error')?.fields).toMatchObject({ provider: 'claude-code', kind });
  }, 120_000);

  it('a malformed body is bad_output', async () => {
    server.reply({ kind: 'raw', status: 200, body: '{"id": "msg_1", "content": [ {"type": "te' });
    expect(await run(errHome)).toMatchObject({ ok: false, kind: 'bad_output' });
  }, 120_000);

  it('timeout: a backend that never answers is transient, and the CLI is stopped', async () => {
    server.reply({ kind: 'hang' });
    const res = await run(errHome, createMemoryLogger(), 8_000);
    expect(res).toMatchObject({ ok: false, kind: 'transient' });
    if (res.ok) throw new Error('unreachable');
    expect(res.message).toMatch(/timed out after 8000 ms/);
  }, 120_000);

  it('probeProvider (doctor --probe) reports the exact outcome', async () => {
    const good = await probeProvider(cfg(okHome), { logger: createMemoryLogger() });
    expect(good).toMatchObject({ ok: true, provider: 'claude-code', model: 'claude-haiku-4-5' });
    server.reply({ kind: 'error', status: 401, message: 'invalid key' });
    const bad = await probeProvider(cfg(errHome), { logger: createMemoryLogger() });
    expect(bad).toMatchObject({ ok: false, kind: 'auth', status: 401 });
    expect(bad.message).toMatch(/claude CLI: .*log the claude CLI in/);
  }, 120_000);
});
