// A real Anthropic-compatible gateway between us and the model: @musistudio/claude-code-router
// (ccr) runs as a child process on loopback, takes our Anthropic Messages requests and forwards
// them as OpenAI chat completions to a fake OpenAI-compatible server. Everything stays on
// 127.0.0.1; ccr's config lives in a temporary HOME.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/agent';
import type { ProviderConfig } from '../../src/config';
import { createMemoryLogger } from '../../src/log';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm';
import { GOOD_ANSWER, sampleTurn } from '../helpers/fake-llm-fixtures';

const CCR_CLI = resolve(__dirname, '../../node_modules/@musistudio/claude-code-router/dist/cli.js');
const GATEWAY_KEY = 'ccr-gateway-key-0123456789';
const UPSTREAM_KEY = 'upstream-openai-key-0123456789';
const SETTINGS = {
  CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS: 4_000,
  CLAUDE_MEM_BATCH_MAX_CHARS: 40_000,
  CLAUDE_MEM_REDACT_SECRETS: true,
};

let upstream: FakeLlm;
let home: string;
let ccr: ChildProcess;
let ccrUrl: string;
let ccrOutput = '';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (ccr.exitCode !== null) throw new Error(`ccr exited with ${ccr.exitCode}:\n${ccrOutput}`);
    const up = await new Promise<boolean>((r) => {
      const s = connect(port, '127.0.0.1', () => (s.destroy(), r(true)));
      s.on('error', () => r(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`ccr did not listen on ${port} within ${ms} ms:\n${ccrOutput}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

beforeAll(async () => {
  upstream = await startFakeLlm('openai', { kind: 'text', text: JSON.stringify(GOOD_ANSWER) });
  home = mkdtempSync(join(tmpdir(), 'claude-mem-ccr-'));
  const port = await freePort();
  mkdirSync(join(home, '.claude-code-router'), { recursive: true });
  writeFileSync(
    join(home, '.claude-code-router', 'config.json'),
    JSON.stringify({
      LOG: false,
      HOST: '127.0.0.1',
      PORT: port,
      APIKEY: GATEWAY_KEY,
      API_TIMEOUT_MS: 20_000,
      NON_INTERACTIVE_MODE: true,
      Providers: [
        {
          name: 'fakeai',
          api_base_url: `${upstream.url}/v1/chat/completions`,
          api_key: UPSTREAM_KEY,
          models: ['upstream-model'],
        },
      ],
      Router: { default: 'fakeai,upstream-model' },
    }),
  );
  // A minimal environment: no proxy, no keys, nothing of the developer's shell.
  ccr = spawn(process.execPath, [CCR_CLI, 'start'], {
    env: { HOME: home, PATH: process.env['PATH'] ?? '', CI: 'true', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  ccr.stdout?.on('data', (d: Buffer) => (ccrOutput += d.toString()));
  ccr.stderr?.on('data', (d: Buffer) => (ccrOutput += d.toString()));
  await waitForPort(port, 45_000);
  ccrUrl = `http://127.0.0.1:${port}`;
}, 60_000);

afterAll(async () => {
  const pid = ccr?.pid;
  if (ccr && ccr.exitCode === null && pid) {
    const exited = new Promise<void>((r) => ccr.once('exit', () => r()));
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => alive(pid) && process.kill(pid, 'SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  }
  if (pid) expect(alive(pid)).toBe(false);
  await upstream?.close();
  if (home) rmSync(home, { recursive: true, force: true });
}, 20_000);

function agentFor(
  auth: Partial<Pick<Extract<ProviderConfig, { provider: 'claude' }>, 'apiKey' | 'authToken'>>,
) {
  const logger = createMemoryLogger();
  const urls: string[] = [];
  const agent = createAgent(
    { provider: 'claude', model: 'claude-haiku-4-5', baseURL: ccrUrl, timeoutMs: 20_000, ...auth },
    {
      logger,
      settings: SETTINGS,
      fetch: (input, init) => {
        urls.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    },
  );
  return { agent, logger, urls };
}

describe('anthropic provider through claude-code-router', () => {
  it('ccr runs as the child we started (its PID file names it)', () => {
    expect(
      Number(readFileSync(join(home, '.claude-code-router', '.claude-code-router.pid'), 'utf8')),
    ).toBe(ccr.pid);
  });

  it.each([
    ['ANTHROPIC_AUTH_TOKEN (Bearer)', { authToken: GATEWAY_KEY }],
    ['ANTHROPIC_API_KEY (x-api-key)', { apiKey: GATEWAY_KEY }],
  ])('with %s: Anthropic in, OpenAI out, a parsed observation back', async (_label, auth) => {
    upstream.requests.length = 0;
    const { agent, logger, urls } = agentFor(auth);
    const res = await agent.compress({
      project: 'proj',
      userPrompt: 'Fix the failing parser test',
      events: sampleTurn(),
      summarize: true,
    });

    expect(res).toMatchObject({ ok: true, origin: 'model' });
    if (!res.ok) throw new Error('unreachable');
    expect(res.observations[0]).toMatchObject({
      type: 'bugfix',
      title: 'Fixed off-by-one in parser',
      filesModified: ['src/parser.ts'],
    });
    expect(res.summary?.learned).toBe('The loop bound was off by one');
    expect(res.inputTokens).toBe(321);
    expect(urls).toEqual([`${ccrUrl}/v1/messages`]);

    // ccr turned our Messages request into one chat completion for the routed model, with its own key.
    expect(upstream.requests).toHaveLength(1);
    const up = upstream.requests[0]!;
    expect(up.path).toBe('/v1/chat/completions');
    expect(up.headers['authorization']).toBe(`Bearer ${UPSTREAM_KEY}`);
    const body = up.json as {
      model: string;
      messages: Array<{ role: string; content: unknown }>;
      tools?: unknown;
    };
    expect(body.model).toBe('upstream-model');
    expect(body.tools).toBeUndefined();
    expect(body.messages[0]?.role).toBe('system');
    expect(JSON.stringify(body.messages)).toContain('Fix the failing parser test');
    expect(logger.lines.map((l) => l.msg)).toEqual(['Starting SDK query', 'Response received']);
    expect(logger.lines[0]?.fields?.['baseUrlHost']).toBe(new URL(ccrUrl).host);
  });

  it('a wrong gateway key is an auth failure, logged verbatim, and nothing reaches upstream', async () => {
    upstream.requests.length = 0;
    const { agent, logger } = agentFor({ authToken: 'wrong-key' });
    const res = await agent.compress({
      project: 'proj',
      userPrompt: 'x',
      events: sampleTurn(),
      summarize: false,
    });
    expect(res).toMatchObject({ ok: false, kind: 'auth', status: 401 });
    expect(upstream.requests).toHaveLength(0);
    const err = logger.lines.find((l) => l.level === 'error');
    expect(err?.fields).toMatchObject({ status: 401, kind: 'auth' });
    expect(String(err?.fields?.['body'])).not.toBe('');
    expect(JSON.stringify(logger.lines)).not.toContain('wrong-key');
  });
});
