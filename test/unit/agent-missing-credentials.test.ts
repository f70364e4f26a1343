// A public endpoint with no credential in .env cannot work: the agent says so (kind `auth`,
// naming the file) without sending a request that could only be refused.
import { describe, expect, it } from 'vitest';
import { createAgent, probeProvider } from '../../src/agent';
import { DEFAULT_ANTHROPIC_BASE_URL, type ProviderConfig } from '../../src/config';
import { createMemoryLogger } from '../../src/log';

const settings = {
  CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS: 4000,
  CLAUDE_MEM_BATCH_MAX_CHARS: 40000,
  CLAUDE_MEM_REDACT_SECRETS: true,
};
const input = { project: 'p', userPrompt: 'fix it', events: [], summarize: false };

function recordingFetch() {
  const urls: string[] = [];
  const f = (async (url: string | URL | Request) => {
    urls.push(String(url instanceof Request ? url.url : url));
    return new Response('{}', { status: 500 });
  }) as typeof fetch;
  return { urls, fetch: f };
}

const unusable: Array<[string, ProviderConfig, RegExp]> = [
  ['claude, public API, no key', { provider: 'claude', model: 'm', baseURL: DEFAULT_ANTHROPIC_BASE_URL, timeoutMs: 1000 }, /ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN in \/data\/.env/],
  ['openrouter.ai, no key', { provider: 'openrouter', model: 'm', baseURL: 'https://openrouter.ai/api/v1', timeoutMs: 1000 }, /OPENROUTER_API_KEY in \/data\/.env/],
  ['Gemini API, no key', { provider: 'gemini', model: 'm', baseURL: 'https://generativelanguage.googleapis.com', timeoutMs: 1000 }, /GEMINI_API_KEY in \/data\/.env/],
];

describe('a backend with no credential', () => {
  for (const [name, cfg, message] of unusable) {
    it(`${name}: auth failure naming the file, no request sent`, async () => {
      const net = recordingFetch();
      const agent = createAgent(cfg, { logger: createMemoryLogger(), settings, fetch: net.fetch, credentialsFile: '/data/.env' });
      const r = await agent.compress(input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.kind).toBe('auth');
        expect(r.message).toMatch(message);
      }
      const probe = await probeProvider(cfg, { logger: createMemoryLogger(), fetch: net.fetch, credentialsFile: '/data/.env' });
      expect(JSON.stringify(probe)).toMatch(message);
      expect(net.urls).toEqual([]);
    });
  }

  it('a tokenless gateway (any other base URL) is still called', async () => {
    const net = recordingFetch();
    const cfg: ProviderConfig = { provider: 'claude', model: 'm', baseURL: 'http://127.0.0.1:9/gw', timeoutMs: 1000 };
    await createAgent(cfg, { logger: createMemoryLogger(), settings, fetch: net.fetch }).compress({
      ...input,
      events: [
        {
          id: 1, key: 'k', sessionId: 1, projectId: 1, promptNumber: 1, state: 'processing', attempts: 1,
          createdAt: '2026-01-01T00:00:00.000Z', lastErrorKind: null, lastErrorMessage: null,
          payload: { kind: 'tool', toolName: 'Bash', toolInput: { command: 'ls' }, toolResponse: 'a', failed: false, cwd: '/w' },
        },
      ],
    });
    expect(net.urls).toEqual(['http://127.0.0.1:9/gw/v1/messages']);
  });
});
