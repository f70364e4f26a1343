import { join } from 'node:path';
import { claudeCodeChildEnv, claudeCodeWatchFiles } from './claude-code-env';
import type { Credentials } from './credentials';
import { redactUrl } from './display';
import type { Paths } from './paths';
import type { Settings } from './settings-schema';

export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

/**
 * Everything a provider needs, built only from settings.json and `~/.claude-mem/.env`: never from
 * the user's shell. Secrets live here and nowhere else; log `describeProvider` instead.
 */
export type ProviderConfig =
  | {
      provider: 'claude';
      model: string;
      baseURL: string;
      apiKey?: string;
      authToken?: string;
      timeoutMs: number;
    }
  | {
      /** The user's own `claude` CLI, run headless with its own login or gateway settings. */
      provider: 'claude-code';
      model: string;
      /** CLAUDE_MEM_CLAUDE_PATH; '' = look `claude` up on the child's PATH at call time. */
      claudePath: string;
      /** The child's whole environment (see claude-code-env.ts for what is passed and why). */
      env: Record<string, string>;
      /** An empty folder of ours the CLI runs in, so no project's settings or CLAUDE.md apply. */
      workDir: string;
      /** Where the CLI keeps its login and settings: a change there may fix a pause. */
      watchFiles: string[];
      timeoutMs: number;
    }
  | { provider: 'openrouter'; model: string; baseURL: string; apiKey?: string; timeoutMs: number }
  | { provider: 'gemini'; model: string; baseURL: string; apiKey?: string; timeoutMs: number }
  | { provider: 'offline'; model: 'offline' };

/** What the `claude-code` provider takes from the process: its environment, home and data dir. */
export interface ProviderContext {
  env: NodeJS.ProcessEnv;
  home: string;
  paths: Pick<Paths, 'dataDir'>;
}

/** The backends reached with one optional API key from `.env`: where each takes its settings. */
const KEYED = {
  openrouter: {
    model: 'CLAUDE_MEM_OPENROUTER_MODEL',
    baseURL: 'CLAUDE_MEM_OPENROUTER_BASE_URL',
    apiKey: 'OPENROUTER_API_KEY',
  },
  gemini: {
    model: 'CLAUDE_MEM_GEMINI_MODEL',
    baseURL: 'CLAUDE_MEM_GEMINI_BASE_URL',
    apiKey: 'GEMINI_API_KEY',
  },
} as const satisfies Record<
  string,
  { model: keyof Settings; baseURL: keyof Settings; apiKey: keyof Credentials }
>;

export function buildProviderConfig(
  s: Settings,
  c: Credentials,
  ctx: ProviderContext = { env: {}, home: '', paths: { dataDir: '' } },
): ProviderConfig {
  const timeoutMs = s.CLAUDE_MEM_MODEL_TIMEOUT_MS;
  switch (s.CLAUDE_MEM_PROVIDER) {
    case 'claude-code':
      return {
        provider: 'claude-code',
        model: s.CLAUDE_MEM_MODEL,
        claudePath: s.CLAUDE_MEM_CLAUDE_PATH.trim(),
        env: claudeCodeChildEnv(ctx.env),
        workDir: join(ctx.paths.dataDir, 'claude-code'),
        watchFiles: claudeCodeWatchFiles(ctx.env, ctx.home),
        timeoutMs,
      };
    case 'claude':
      return {
        provider: 'claude',
        model: s.CLAUDE_MEM_MODEL,
        baseURL: c.ANTHROPIC_BASE_URL ?? DEFAULT_ANTHROPIC_BASE_URL,
        ...(c.ANTHROPIC_API_KEY ? { apiKey: c.ANTHROPIC_API_KEY } : {}),
        ...(c.ANTHROPIC_AUTH_TOKEN ? { authToken: c.ANTHROPIC_AUTH_TOKEN } : {}),
        timeoutMs,
      };
    case 'openrouter':
    case 'gemini': {
      const provider = s.CLAUDE_MEM_PROVIDER;
      const k = KEYED[provider];
      const apiKey = c[k.apiKey];
      return {
        provider,
        model: s[k.model],
        baseURL: s[k.baseURL],
        ...(apiKey ? { apiKey } : {}),
        timeoutMs,
      };
    }
    case 'offline':
      return { provider: 'offline', model: 'offline' };
  }
}

/** Host of the base URL, safe to log and show. */
export function baseUrlHost(p: ProviderConfig): string {
  // The CLI's endpoint is its own business (login, gateway settings): we never see it.
  if (p.provider === 'offline' || p.provider === 'claude-code') return '';
  try {
    return new URL(p.baseURL).host;
  } catch (err) {
    void err; // validated upstream; an unparsable value may be a pasted key, so it is not shown
    return '(invalid URL)';
  }
}

/**
 * Why the configured backend cannot work at all, before any request: a public endpoint with no
 * credential in `.env`. Tokenless gateways and local servers (any other base URL) are allowed.
 * The agent answers such calls with an `auth` failure instead of sending a request that can only
 * be refused.
 */
export function missingCredentials(p: ProviderConfig, envPath: string): string | undefined {
  switch (p.provider) {
    case 'claude':
      if (p.apiKey || p.authToken || p.baseURL !== DEFAULT_ANTHROPIC_BASE_URL) return undefined;
      return `No ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN in ${envPath}: the claude provider cannot reach the Anthropic API. Add one, or set CLAUDE_MEM_PROVIDER=claude-code to use your Claude Code login, or CLAUDE_MEM_PROVIDER=offline.`;
    case 'openrouter':
      if (p.apiKey || hostOf(p.baseURL) !== 'openrouter.ai') return undefined;
      return `No OPENROUTER_API_KEY in ${envPath}: OpenRouter refuses requests without one. Add it, or point CLAUDE_MEM_OPENROUTER_BASE_URL at a local server.`;
    case 'gemini':
      if (p.apiKey || hostOf(p.baseURL) !== 'generativelanguage.googleapis.com') return undefined;
      return `No GEMINI_API_KEY in ${envPath}: the Gemini API refuses requests without one. Add it, or choose another provider.`;
    case 'claude-code': // the CLI brings its own login; a missing one is reported by the CLI itself
    case 'offline':
      return undefined;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch (err) {
    void err; // validated upstream
    return '';
  }
}

/** Warnings about a configuration that will probably not do what the user wants. */
export function providerWarnings(p: ProviderConfig, envPath: string): string[] {
  const out: string[] = [];
  if (p.provider === 'claude' && /\/v1\/?$/.test(p.baseURL)) {
    out.push(
      `ANTHROPIC_BASE_URL ends in /v1: requests will go to ${redactUrl(p.baseURL).replace(/\/$/, '')}/v1/messages. Remove the trailing /v1 unless your gateway really expects that.`,
    );
  }
  const missing = missingCredentials(p, envPath);
  if (missing) out.push(missing);
  return out;
}
