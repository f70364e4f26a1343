// Credentials come only from <data dir>/.env (0600), only for whitelisted keys; the same names in
// the user's shell never reach the memory agent.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CREDENTIAL_KEYS,
  DEFAULT_ANTHROPIC_BASE_URL,
  displayCredential,
  fingerprint,
  loadConfig,
  writeCredential,
  type Config,
} from '../../src/config';
import { MemError } from '../../src/contracts';

let dir: string;
let env: NodeJS.ProcessEnv;
const envFile = (): string => join(dir, '.env');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-creds-'));
  env = { CLAUDE_MEM_DATA_DIR: dir, CLAUDE_MEM_WORKER_PORT: '0' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeEnv(text: string, mode = 0o600): void {
  writeFileSync(envFile(), text, { mode });
  chmodSync(envFile(), mode);
}

function load(extraEnv: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({ env: { ...env, ...extraEnv }, home: '/nonexistent-home' });
}

describe('.env whitelist', () => {
  it('reads whitelisted keys and ignores (and lists) every other key', () => {
    writeEnv(
      [
        '# my keys',
        'ANTHROPIC_API_KEY=sk-ant-file-key',
        'export ANTHROPIC_AUTH_TOKEN="bearer-token-from-file"',
        'OPENROUTER_API_KEY=or-key',
        'AWS_SECRET_ACCESS_KEY=not-ours',
        'CLAUDE_MEM_PROVIDER=offline',
        'PATH=/evil',
        '',
      ].join('\n'),
    );
    const cfg = load();
    expect(cfg.credentials).toEqual({
      ANTHROPIC_API_KEY: 'sk-ant-file-key',
      ANTHROPIC_AUTH_TOKEN: 'bearer-token-from-file',
      OPENROUTER_API_KEY: 'or-key',
    });
    expect(cfg.ignoredCredentialKeys.sort()).toEqual(['AWS_SECRET_ACCESS_KEY', 'CLAUDE_MEM_PROVIDER', 'PATH']);
    // A settings key in .env is not a setting: settings come from settings.json or the environment.
    expect(cfg.settings.CLAUDE_MEM_PROVIDER).toBe('claude');
  });

  it('the whitelist is exactly the documented provider keys and the team server database URL', () => {
    expect([...CREDENTIAL_KEYS]).toEqual(
      expect.arrayContaining(['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_BASE_URL', 'OPENROUTER_API_KEY', 'GEMINI_API_KEY']),
    );
    for (const k of CREDENTIAL_KEYS) expect(k).toMatch(/(_API_KEY|_AUTH_TOKEN|_BASE_URL|^CLAUDE_MEM_SERVER_DATABASE_URL|^CLAUDE_MEM_TEAM_KEY)$/);
  });

  it('no .env at all is fine: no credentials, no warnings about the file', () => {
    const cfg = load({ CLAUDE_MEM_PROVIDER: 'offline' });
    expect(cfg.credentials).toEqual({});
    expect(cfg.warnings).toEqual([]);
  });

  it('handles CRLF line endings, a BOM, quotes and empty values', () => {
    writeEnv('\uFEFFANTHROPIC_API_KEY="sk-ant-crlf"\r\nGEMINI_API_KEY=\r\nOPENROUTER_API_KEY=\'or-single\'\r\n');
    const cfg = load();
    expect(cfg.credentials).toEqual({ ANTHROPIC_API_KEY: 'sk-ant-crlf', OPENROUTER_API_KEY: 'or-single' });
  });
});

describe('shell isolation', () => {
  it('ANTHROPIC_* exported in the shell is never used: provider config comes from .env only', () => {
    writeEnv('ANTHROPIC_API_KEY=sk-ant-from-dotenv\n');
    const cfg = load({
      ANTHROPIC_API_KEY: 'sk-ant-SHELL-LEAK',
      ANTHROPIC_AUTH_TOKEN: 'shell-bearer-LEAK',
      ANTHROPIC_BASE_URL: 'https://shell-gateway.invalid',
      OPENROUTER_API_KEY: 'or-SHELL-LEAK',
      GEMINI_API_KEY: 'gem-SHELL-LEAK',
      CLAUDE_CODE_ENTRYPOINT: 'cli',
      CLAUDECODE: '1',
    });
    expect(cfg.credentials).toEqual({ ANTHROPIC_API_KEY: 'sk-ant-from-dotenv' });
    expect(cfg.provider).toMatchObject({ provider: 'claude', apiKey: 'sk-ant-from-dotenv', baseURL: DEFAULT_ANTHROPIC_BASE_URL });
    expect(JSON.stringify(cfg)).not.toMatch(/LEAK|shell-gateway/);
  });

  it('with no .env, shell credentials still do not count (and the user is told what is missing)', () => {
    const cfg = load({ ANTHROPIC_API_KEY: 'sk-ant-SHELL-LEAK', ANTHROPIC_BASE_URL: 'https://shell.invalid' });
    expect(cfg.provider).toEqual({
      provider: 'claude',
      model: cfg.settings.CLAUDE_MEM_MODEL,
      baseURL: DEFAULT_ANTHROPIC_BASE_URL,
      timeoutMs: cfg.settings.CLAUDE_MEM_MODEL_TIMEOUT_MS,
    });
    expect(cfg.warnings.join('\n')).toMatch(/No ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN/);
  });

  it('the gateway (base URL + bearer token) comes from .env', () => {
    writeEnv('ANTHROPIC_BASE_URL=http://127.0.0.1:4000\nANTHROPIC_AUTH_TOKEN=sk-litellm-virtual\n');
    const cfg = load({ ANTHROPIC_BASE_URL: 'https://shell.invalid' });
    expect(cfg.provider).toMatchObject({ baseURL: 'http://127.0.0.1:4000', authToken: 'sk-litellm-virtual' });
    expect(cfg.provider).not.toHaveProperty('apiKey');
  });

  it.each([
    ['openrouter', 'OPENROUTER_API_KEY', 'CLAUDE_MEM_OPENROUTER_MODEL', 'CLAUDE_MEM_OPENROUTER_BASE_URL'],
    ['gemini', 'GEMINI_API_KEY', 'CLAUDE_MEM_GEMINI_MODEL', 'CLAUDE_MEM_GEMINI_BASE_URL'],
  ])('%s takes its model and base URL from settings.json and its key from .env only', (provider, key, model, base) => {
    const settings = { CLAUDE_MEM_PROVIDER: provider, [model]: 'm-7', [base]: 'http://127.0.0.1:4001/v1' };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
    const expected = { provider, model: 'm-7', baseURL: 'http://127.0.0.1:4001/v1', timeoutMs: load().settings.CLAUDE_MEM_MODEL_TIMEOUT_MS };
    expect(load({ [key]: 'from-the-shell' }).provider).toStrictEqual(expected);
    writeEnv(`${key}=from-dot-env\n`);
    expect(load().provider).toStrictEqual({ ...expected, apiKey: 'from-dot-env' });
  });
});

describe('file mode', () => {
  it('a .env readable by others is fixed to 0600, with a warning naming the file', () => {
    writeEnv('ANTHROPIC_API_KEY=sk-ant-x\n', 0o644);
    const cfg = load();
    expect(statSync(envFile()).mode & 0o777).toBe(0o600);
    const warning = cfg.warnings.find((w) => w.includes(envFile()));
    expect(warning).toMatch(/644.*600/);
    expect(cfg.credentials.ANTHROPIC_API_KEY).toBe('sk-ant-x');
    // The second load has nothing left to fix.
    expect(load().warnings.some((w) => w.includes('changed it to 600'))).toBe(false);
  });

  it('writeCredential replaces one key, keeps other lines, and writes 0600', () => {
    writeEnv('# comment\nexport ANTHROPIC_API_KEY=old\nOTHER=1\n', 0o644);
    writeCredential(load().paths, 'ANTHROPIC_API_KEY', 'sk-ant-new');
    expect(readFileSync(envFile(), 'utf8')).toBe('# comment\nOTHER=1\nANTHROPIC_API_KEY=sk-ant-new\n');
    expect(statSync(envFile()).mode & 0o777).toBe(0o600);
    expect(() => writeCredential(load().paths, 'ANTHROPIC_API_KEY', 'two\nlines')).toThrow(MemError);
  });
});

describe('malformed .env', () => {
  it('a stray line is reported by line number (not content) and does not swallow the next key', () => {
    writeEnv('sk-ant-pasted-without-a-name\nANTHROPIC_API_KEY=sk-ant-real\nGEMINI_API_KEY gem-no-equals\n');
    const cfg = load();
    expect(cfg.credentials).toEqual({ ANTHROPIC_API_KEY: 'sk-ant-real' });
    const warning = cfg.warnings.find((w) => w.includes(envFile()));
    expect(warning).toMatch(/lines 1, 3 are not KEY=VALUE/);
    expect(cfg.warnings.join('\n')).not.toContain('pasted');
    expect(cfg.warnings.join('\n')).not.toContain('gem-no-equals');
  });

  it('a quoted multi-line value (another tool\'s key) is not mistaken for stray lines', () => {
    writeEnv('SOME_PEM="-----BEGIN KEY-----\nabc\n-----END KEY-----"\nGEMINI_API_KEY=gem-1\n');
    const cfg = load();
    expect(cfg.credentials).toEqual({ GEMINI_API_KEY: 'gem-1' });
    expect(cfg.ignoredCredentialKeys).toEqual(['SOME_PEM']);
    expect(cfg.warnings.some((w) => w.includes('not KEY=VALUE'))).toBe(false);
  });

  it('a base URL that is not http(s) is config_invalid naming the file and the key', () => {
    writeEnv('ANTHROPIC_BASE_URL=api.example.com/v1\n');
    let err: unknown;
    try {
      load();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MemError);
    expect((err as MemError).kind).toBe('config_invalid');
    expect((err as MemError).message).toContain('ANTHROPIC_BASE_URL');
    expect((err as MemError).message).toContain(envFile());
  });

  it('a .env that is a directory is config_invalid naming it', () => {
    mkdirSync(envFile());
    let err: unknown;
    try {
      load();
    } catch (e) {
      err = e;
    }
    expect((err as MemError).kind).toBe('config_invalid');
    expect((err as MemError).message).toContain(envFile());
  });
});

describe('display', () => {
  it('secrets show as a fingerprint, never the value; the base URL shows without credentials', () => {
    const shown = displayCredential('ANTHROPIC_API_KEY', 'sk-ant-very-secret');
    expect(shown).not.toContain('sk-ant-very-secret');
    expect(shown).toBe(fingerprint('sk-ant-very-secret'));
    expect(shown).toMatch(/^set \(sha256:[0-9a-f]{8}\)$/);
    expect(displayCredential('ANTHROPIC_API_KEY', undefined)).toBe('not set');
    expect(displayCredential('ANTHROPIC_BASE_URL', 'https://gw.example.com/anthropic')).toBe('https://gw.example.com/anthropic');
    const withCreds = displayCredential('ANTHROPIC_BASE_URL', 'https://user:hunter2@gw.example.com/x?key=abc123');
    expect(withCreds).not.toContain('hunter2');
    expect(withCreds).not.toContain('abc123');
    expect(withCreds).toContain('gw.example.com');
  });
});
