// The claude-code provider's process handling, against a tiny fake `claude` script (the real CLI
// runs in agent-providers-contract.test.ts and test/e2e/claude-code-provider.test.ts): what the
// child gets (argv, stdin, environment), how every kind of bad outcome maps to a failure kind
// with the CLI's words verbatim, and that no process is ever left behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, providerFor } from '../../src/agent';
import { claudeCodeChildEnv, MEMORY_AGENT_MARKER, type ProviderConfig } from '../../src/config';
import { createMemoryLogger } from '../../src/log';
import { makeFakeClaude, processesMentioning, type FakeClaude, type FakeClaudeMode } from '../helpers/fake-claude-cli';
import { GOOD_ANSWER, sampleTurn } from '../helpers/fake-llm-fixtures';
import { waitFor } from '../helpers/worker-procs';

let tmp: string;
let fake: FakeClaude;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cm-ccfake-'));
  fake = makeFakeClaude(join(tmp, 'bin'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const SHELL = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: '/home/someone',
  ANTHROPIC_API_KEY: 'sk-ant-from-the-shell-must-not-pass',
  ANTHROPIC_BASE_URL: 'https://shell.example',
  CLAUDECODE: '1',
  CLAUDE_CODE_ENTRYPOINT: 'cli',
  CLAUDE_PROJECT_DIR: '/somewhere',
  HTTPS_PROXY: 'http://proxy.corp:3128',
  LC_ALL: 'C.UTF-8',
};

function cfg(mode: FakeClaudeMode, o: { claudePath?: string; timeoutMs?: number; text?: string; path?: string } = {}): ProviderConfig {
  const env = claudeCodeChildEnv({ ...SHELL, PATH: o.path ?? `${fake.dir}:${SHELL.PATH}` });
  return {
    provider: 'claude-code',
    model: 'claude-haiku-4-5',
    claudePath: o.claudePath ?? '',
    // The fake reads its mode from its environment; the real child env has no such variable.
    env: { ...env, FAKE_CLAUDE_MODE: mode, ...(o.text ? { FAKE_CLAUDE_TEXT: o.text } : {}) },
    workDir: join(tmp, 'work'),
    watchFiles: [],
    timeoutMs: o.timeoutMs ?? 20_000,
  };
}

const call = (c: ProviderConfig, signal?: AbortSignal) =>
  providerFor(c, fetch).call({ system: 'SYSTEM-PROMPT-TEXT', user: 'USER-EVENTS-TEXT secret-ish', maxTokens: 777, ...(signal ? { signal } : {}) });

const leftovers = () => processesMentioning(fake.dir);

describe('claude-code provider (fake claude CLI)', () => {
  it('success: prompt on stdin, no tools/MCP/plugins/hooks flags, isolated env, usage counted', async () => {
    const before = fake.calls().length;
    const res = await call(cfg('ok', { text: 'hello from the fake' }));
    expect(res).toEqual({ ok: true, text: 'hello from the fake', inputTokens: 321, outputTokens: 123, model: 'fake-claude-model' });
    const seen = fake.calls().slice(before);
    expect(seen).toHaveLength(1);
    const c = seen[0]!;
    expect(c.stdin).toBe('USER-EVENTS-TEXT secret-ish');
    expect(c.argv.join(' ')).not.toContain('USER-EVENTS-TEXT'); // never in argv (visible to `ps`)
    const flag = (name: string) => c.argv[c.argv.indexOf(name) + 1];
    expect(c.argv).toContain('-p');
    expect(flag('--output-format')).toBe('json');
    expect(flag('--model')).toBe('claude-haiku-4-5');
    expect(flag('--system-prompt')).toBe('SYSTEM-PROMPT-TEXT');
    expect(flag('--tools')).toBe('');
    expect(c.argv).toContain('--strict-mcp-config');
    expect(JSON.parse(flag('--mcp-config') ?? '')).toEqual({ mcpServers: {} });
    expect(c.argv).toContain('--safe-mode');
    expect(c.argv).toContain('--no-session-persistence');
    expect(JSON.parse(flag('--settings') ?? '')).toEqual({ disableAllHooks: true });
    expect(c.cwd).toBe(join(tmp, 'work'));
    // The environment: the shell's Anthropic and Claude Code session variables never pass.
    expect(Object.keys(c.env).filter((k) => k.startsWith('ANTHROPIC_'))).toEqual([]);
    expect(c.env.CLAUDECODE).toBeUndefined();
    expect(c.env.CLAUDE_CODE_ENTRYPOINT).toBeUndefined();
    expect(c.env.CLAUDE_PROJECT_DIR).toBeUndefined();
    expect(c.env[MEMORY_AGENT_MARKER]).toBe('1');
    expect(c.env.HOME).toBe('/home/someone');
    expect(c.env.HTTPS_PROXY).toBe('http://proxy.corp:3128');
    expect(c.env.LC_ALL).toBe('C.UTF-8');
    expect(c.env.CLAUDE_CODE_MAX_RETRIES).toBe('0');
    expect(c.env.MAX_THINKING_TOKENS).toBe('0');
    expect(c.env.CLAUDE_CODE_MAX_OUTPUT_TOKENS).toBe('777');
    expect(leftovers()).toEqual([]);
  });

  it.each([
    ['not_logged_in', 'auth', /Not logged in · Please run \/login.*\/login/],
    ['usage_limit', 'quota', /hit your usage limit · resets 5pm/],
    ['rate_limit', 'rate_limit', /Request rejected \(429\) · slow down/],
    ['server_error', 'transient', /API Error: 500 internal boom/],
    ['prompt_too_long', 'context_overflow', /Prompt is too long/],
    ['non_json', 'bad_output', /no JSON result.*Hello! I am not JSON/],
    ['exit_2', 'transient', /exit code 2.*panic: the fake CLI crashed/],
    ['unknown_flag', 'bad_request', /unknown option '--safe-mode'.*Update Claude Code/],
  ] as const)('%s maps to %s with the CLI message verbatim', async (mode, kind, message) => {
    const res = await call(cfg(mode));
    expect(res).toMatchObject({ ok: false, kind });
    if (res.ok) throw new Error('unreachable');
    expect(res.message).toMatch(message);
    expect(res.body).toBeTruthy(); // stdout/stderr as printed, for worker-error.log
    expect(leftovers()).toEqual([]);
  });

  it('a missing claude CLI is a clear bad_request naming the fix; so is a bad CLAUDE_MEM_CLAUDE_PATH', async () => {
    const missing = await call(cfg('ok', { path: '/nonexistent-dir' }));
    expect(missing).toMatchObject({ ok: false, kind: 'bad_request' });
    if (missing.ok) throw new Error('unreachable');
    expect(missing.message).toMatch(/not found on PATH.*CLAUDE_MEM_CLAUDE_PATH/);
    const bad = await call(cfg('ok', { claudePath: join(tmp, 'no-such-claude') }));
    expect(bad).toMatchObject({ ok: false, kind: 'bad_request' });
    if (bad.ok) throw new Error('unreachable');
    expect(bad.message).toContain(join(tmp, 'no-such-claude'));
    // PATH without the fake's folder (only node, for its shebang): the setting alone finds it.
    const explicit = await call(cfg('ok', { claudePath: fake.bin, path: dirname(process.execPath) }));
    expect(explicit).toMatchObject({ ok: true });
  });

  it('a hung CLI is killed with its whole process group at the timeout', async () => {
    const res = await call(cfg('hang', { timeoutMs: 1_500 }));
    expect(res).toMatchObject({ ok: false, kind: 'transient' });
    if (res.ok) throw new Error('unreachable');
    expect(res.message).toMatch(/timed out after 1500 ms.*CLAUDE_MEM_MODEL_TIMEOUT_MS/);
    await waitFor(() => leftovers().length === 0, 'the hung CLI and its grandchild to be gone');
  });

  it('a cancelled call (worker shutdown) kills the process group too', async () => {
    const ac = new AbortController();
    const pending = call(cfg('hang'), ac.signal);
    await waitFor(() => leftovers().length >= 3, 'watchdog, CLI and grandchild to run');
    ac.abort(new Error('worker shutting down'));
    expect(await pending).toMatchObject({ ok: false, kind: 'transient', message: expect.stringMatching(/aborted/) });
    await waitFor(() => leftovers().length === 0, 'the cancelled CLI to be gone');
  });

  it('the agent turns a good answer into observations and keeps usage', async () => {
    const agent = createAgent(cfg('ok', { text: JSON.stringify(GOOD_ANSWER) }), {
      logger: createMemoryLogger(),
      settings: { CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS: 4_000, CLAUDE_MEM_BATCH_MAX_CHARS: 40_000, CLAUDE_MEM_REDACT_SECRETS: true },
    });
    const res = await agent.compress({ project: 'proj', userPrompt: 'Fix the failing parser test', events: sampleTurn(), summarize: true });
    expect(res).toMatchObject({ ok: true, origin: 'model', inputTokens: 321, outputTokens: 123 });
  });

  it('200 calls leave zero child processes behind', async () => {
    const c = cfg('ok');
    for (let i = 0; i < 200; i += 10) {
      const results = await Promise.all(Array.from({ length: 10 }, () => call(c)));
      for (const r of results) expect(r.ok).toBe(true);
    }
    expect(leftovers()).toEqual([]);
  }, 240_000);
});
