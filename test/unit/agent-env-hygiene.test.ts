// "Shell isolation" from DESIGN.md, proven on the wire: with a hostile environment (keys, base
// URLs, tokens, proxies, Claude Code session variables, SDK-specific knobs) every provider sends
// byte-for-byte the same requests as in a clean environment.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../src/agent';
import type { ProviderConfig } from '../../src/config';
import { createMemoryLogger } from '../../src/log';
import {
  startFakeLlm,
  type FakeLlm,
  type Protocol,
  type RecordedRequest,
} from '../helpers/fake-llm';
import { GOOD_ANSWER, sampleTurn } from '../helpers/fake-llm-fixtures';

const SETTINGS = {
  CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS: 4_000,
  CLAUDE_MEM_BATCH_MAX_CHARS: 40_000,
  CLAUDE_MEM_REDACT_SECRETS: true,
};
const ELSEWHERE = 'http://127.0.0.1:9'; // discard port: any request there would fail loudly

let configDir: string;

/** What a shell (or a project's .env) could leak into the worker's environment. */
function hostileEnv(): Record<string, string> {
  return {
    ANTHROPIC_API_KEY: 'sk-ant-api03-HOSTILE-shell-key',
    ANTHROPIC_AUTH_TOKEN: 'HOSTILE-shell-bearer',
    ANTHROPIC_BASE_URL: ELSEWHERE,
    ANTHROPIC_CUSTOM_HEADERS: 'X-Hostile: 1\nAuthorization: Bearer HOSTILE-custom',
    ANTHROPIC_LOG: 'debug',
    ANTHROPIC_WEBHOOK_SIGNING_KEY: 'HOSTILE-webhook',
    // The SDK's own credential chain: a profile dir and OIDC federation variables.
    ANTHROPIC_CONFIG_DIR: configDir,
    ANTHROPIC_PROFILE: 'hostile',
    ANTHROPIC_FEDERATION_RULE_ID: 'fdrl_hostile',
    ANTHROPIC_ORGANIZATION_ID: 'org_hostile',
    ANTHROPIC_IDENTITY_TOKEN: 'HOSTILE-identity-jwt',
    CLAUDE_CODE_USE_BEDROCK: '1',
    CLAUDE_CODE_SESSION_ID: 'hostile-session',
    CLAUDE_CODE_OAUTH_TOKEN: 'HOSTILE-oauth',
    CLAUDECODE: '1',
    HTTP_PROXY: ELSEWHERE,
    HTTPS_PROXY: ELSEWHERE,
    http_proxy: ELSEWHERE,
    https_proxy: ELSEWHERE,
    OPENAI_API_KEY: 'sk-HOSTILE-openai',
    OPENAI_BASE_URL: ELSEWHERE,
    OPENAI_ORG_ID: 'org-HOSTILE',
    OPENAI_PROJECT_ID: 'proj-HOSTILE',
    OPENAI_CUSTOM_HEADERS: 'X-Hostile: 1',
    OPENAI_LOG: 'debug',
    GEMINI_API_KEY: 'HOSTILE-gemini',
    GOOGLE_API_KEY: 'HOSTILE-google',
  };
}

const VARIANTS: Array<{ name: string; protocol: Protocol; cfg(url: string): ProviderConfig }> = [
  {
    name: 'anthropic api key',
    protocol: 'anthropic',
    cfg: (url) => ({
      provider: 'claude',
      model: 'm-1',
      baseURL: url,
      apiKey: 'sk-ant-good',
      timeoutMs: 5_000,
    }),
  },
  {
    name: 'anthropic auth token',
    protocol: 'anthropic',
    cfg: (url) => ({
      provider: 'claude',
      model: 'm-1',
      baseURL: url,
      authToken: 'good-token',
      timeoutMs: 5_000,
    }),
  },
  {
    name: 'anthropic tokenless',
    protocol: 'anthropic',
    cfg: (url) => ({ provider: 'claude', model: 'm-1', baseURL: url, timeoutMs: 5_000 }),
  },
  {
    name: 'openai-compatible',
    protocol: 'openai',
    cfg: (url) => ({
      provider: 'openrouter',
      model: 'm-1',
      baseURL: `${url}/v1`,
      apiKey: 'sk-or-good',
      timeoutMs: 5_000,
    }),
  },
  {
    name: 'openai-compatible keyless',
    protocol: 'openai',
    cfg: (url) => ({
      provider: 'openrouter',
      model: 'm-1',
      baseURL: `${url}/v1`,
      timeoutMs: 5_000,
    }),
  },
  {
    name: 'gemini',
    protocol: 'gemini',
    cfg: (url) => ({
      provider: 'gemini',
      model: 'm-1',
      baseURL: url,
      apiKey: 'good-gemini',
      timeoutMs: 5_000,
    }),
  },
];

/** Headers that legitimately differ between two identical calls (none of ours, so far). */
const VOLATILE = new Set(['connection', 'keep-alive']);

function comparable(r: RecordedRequest) {
  const headers = Object.fromEntries(Object.entries(r.headers).filter(([k]) => !VOLATILE.has(k)));
  return { method: r.method, path: r.path, headers, body: r.body };
}

async function oneCall(server: FakeLlm, cfg: ProviderConfig) {
  server.requests.length = 0;
  const logger = createMemoryLogger();
  const agent = createAgent(cfg, { logger, settings: SETTINGS });
  const res = await agent.compress({
    project: 'p',
    userPrompt: 'fix it',
    events: sampleTurn(),
    summarize: true,
  });
  return { res, requests: server.requests.map(comparable) };
}

describe('agent env hygiene', () => {
  beforeAll(() => {
    configDir = mkdtempSync(join(tmpdir(), 'claude-mem-hostile-anthropic-'));
    mkdirSync(join(configDir, 'configs'));
    writeFileSync(
      join(configDir, 'configs', 'hostile.json'),
      JSON.stringify({
        base_url: ELSEWHERE,
        authentication: {
          type: 'oidc_federation',
          federation_rule_id: 'fdrl_x',
          identity_token: { source: 'env' },
        },
        organization_id: 'org_x',
      }),
    );
  });
  afterAll(() => rmSync(configDir, { recursive: true, force: true }));

  it.each(VARIANTS)('$name: requests are identical with a hostile environment', async (v) => {
    const server = await startFakeLlm(v.protocol, {
      kind: 'text',
      text: JSON.stringify(GOOD_ANSWER),
    });
    const saved = { ...process.env };
    try {
      const clean = await oneCall(server, v.cfg(server.url));
      Object.assign(process.env, hostileEnv());
      const hostile = await oneCall(server, v.cfg(server.url));
      expect(clean.res).toMatchObject({ ok: true, origin: 'model' });
      expect(hostile.res).toEqual(clean.res);
      expect(hostile.requests).toHaveLength(1);
      expect(hostile.requests).toEqual(clean.requests);
      expect(JSON.stringify(hostile.requests)).not.toMatch(/HOSTILE/i);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      await server.close();
    }
  });
});
