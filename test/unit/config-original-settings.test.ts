// The settings.json we share with the original claude-mem (13.x): every key and value it writes is
// accepted (case-insensitive enums, numbers as strings, "" for default) or reported as the
// original's, never fatal; truly wrong values stay clear errors; `config set` keeps every key.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HOOK_SETTING_KEYS,
  loadConfig,
  loadHookSettings,
  resolvePaths,
  SETTINGS,
  writeSetting,
  type Paths,
} from '../../src/config';
import { copyOriginalDataDir, ORIGINAL_DATADIR } from '../helpers/original-datadir';
import { caught } from '../helpers/mem-error';

const FIXTURE_SETTINGS = JSON.parse(readFileSync(join(ORIGINAL_DATADIR, 'settings.json'), 'utf8')) as Record<string, string>;

let root: string;
let paths: Paths;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  const copy = copyOriginalDataDir();
  root = copy.root;
  env = { CLAUDE_MEM_DATA_DIR: copy.dataDir };
  paths = resolvePaths(env, '/nonexistent-home');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function patchSettings(patch: Record<string, unknown>): void {
  writeFileSync(paths.settingsPath, JSON.stringify({ ...FIXTURE_SETTINGS, ...patch }, null, 2));
}

describe("the original claude-mem's settings.json, as it writes it", () => {
  it('has the 84 string keys this test is about', () => {
    expect(Object.keys(FIXTURE_SETTINGS)).toHaveLength(84);
    expect(Object.values(FIXTURE_SETTINGS).every((v) => typeof v === 'string')).toBe(true);
  });

  it('loads without error: shared keys parsed, "" means default, every other key reported as the original\'s', () => {
    const cfg = loadConfig({ env, home: '/nonexistent-home' });
    expect(cfg.settings.CLAUDE_MEM_LOG_LEVEL).toBe('info');
    expect(cfg.settings.CLAUDE_MEM_WORKER_PORT).toBe(37700);
    expect(cfg.settings.CLAUDE_MEM_CONTEXT_OBSERVATIONS).toBe(50);
    expect(cfg.settings.CLAUDE_MEM_PROVIDER).toBe('claude');
    expect(cfg.settings.CLAUDE_MEM_MODEL).toBe('claude-haiku-4-5-20251001');
    expect(cfg.settings.CLAUDE_MEM_OPENROUTER_BASE_URL).toBe(SETTINGS.CLAUDE_MEM_OPENROUTER_BASE_URL.default);
    expect(cfg.sources.CLAUDE_MEM_OPENROUTER_BASE_URL).toBe('default');
    expect(cfg.unknownKeys).toEqual([]);
    const shared = Object.keys(FIXTURE_SETTINGS).filter((k) => Object.hasOwn(SETTINGS, k));
    expect(shared.sort()).toEqual([
      'CLAUDE_MEM_CONTEXT_FULL_COUNT',
      'CLAUDE_MEM_CONTEXT_FULL_FIELD',
      'CLAUDE_MEM_CONTEXT_OBSERVATIONS',
      'CLAUDE_MEM_CONTEXT_SESSION_COUNT',
      'CLAUDE_MEM_CONTEXT_SHOW_LAST_SUMMARY',
      'CLAUDE_MEM_EXCLUDED_PROJECTS',
      'CLAUDE_MEM_GEMINI_MODEL',
      'CLAUDE_MEM_LOG_LEVEL',
      'CLAUDE_MEM_MODEL',
      'CLAUDE_MEM_OPENROUTER_BASE_URL',
      'CLAUDE_MEM_OPENROUTER_MODEL',
      'CLAUDE_MEM_PROVIDER',
      'CLAUDE_MEM_SKIP_TOOLS',
      'CLAUDE_MEM_WORKER_PORT',
    ]);
    expect(cfg.originalKeys).toHaveLength(84 - shared.length);
    expect(cfg.originalKeys).toContain('CLAUDE_MEM_CLAUDE_AUTH_METHOD');
    expect(cfg.originalKeys).toContain('CLAUDE_CODE_PATH');
  });

  it('the hook reads the same values as loadConfig', () => {
    const full = loadConfig({ env, home: '/nonexistent-home' }).settings;
    const hook = loadHookSettings(paths, env);
    expect(hook).toEqual(Object.fromEntries(HOOK_SETTING_KEYS.map((k) => [k, full[k]])));
  });

  const spellings: Array<[string, string, unknown]> = [
    ['CLAUDE_MEM_LOG_LEVEL', 'DEBUG', 'debug'],
    ['CLAUDE_MEM_LOG_LEVEL', 'Warn', 'warn'],
    ['CLAUDE_MEM_LOG_LEVEL', 'WARNING', 'warn'],
    ['CLAUDE_MEM_LOG_LEVEL', 'SILENT', 'error'],
    ['CLAUDE_MEM_PROVIDER', 'Claude', 'claude'],
    ['CLAUDE_MEM_PROVIDER', ' OFFLINE ', 'offline'],
    ['CLAUDE_MEM_CONTEXT_OBSERVATIONS', ' 12 ', 12],
    ['CLAUDE_MEM_CONTEXT_TOKENS', '', 1_500],
    ['CLAUDE_MEM_REDACT_SECRETS', 'FALSE', false],
  ];
  it.each(spellings)('%s = %j is accepted as %j, by loadConfig and the hook alike', (key, value, expected) => {
    patchSettings({ [key]: value });
    const full = loadConfig({ env, home: '/nonexistent-home' }).settings as Record<string, unknown>;
    expect(full[key]).toEqual(expected);
    if ((HOOK_SETTING_KEYS as readonly string[]).includes(key)) {
      expect((loadHookSettings(paths, env) as Record<string, unknown>)[key]).toEqual(expected);
    }
  });

  const wrong: Array<[string, unknown]> = [
    ['CLAUDE_MEM_PROVIDER', 'banana'],
    ['CLAUDE_MEM_LOG_LEVEL', 'LOUD'],
    ['CLAUDE_MEM_LOG_LEVEL', 'constructor'],
    ['CLAUDE_MEM_WORKER_PORT', 'thirty'],
  ];
  it.each(wrong)('a truly wrong %s = %j stays a clear error naming key and file', (key, value) => {
    patchSettings({ [key]: value });
    const e = caught(() => loadConfig({ env, home: '/nonexistent-home' }));
    expect(e.kind).toBe('config_invalid');
    expect(e.message).toContain(key);
    expect(e.message).toContain(paths.settingsPath);
    if ((HOOK_SETTING_KEYS as readonly string[]).includes(key)) {
      expect(caught(() => loadHookSettings(paths, env)).message).toContain(key);
    }
  });

  it('a key in neither list is still reported as unknown (a typo is not taken for the original\'s)', () => {
    patchSettings({ CLAUDE_MEM_PROVDER: 'offline' });
    const cfg = loadConfig({ env, home: '/nonexistent-home' });
    expect(cfg.unknownKeys).toEqual(['CLAUDE_MEM_PROVDER']);
  });
});

describe('what the shared settings.json means for a user switching', () => {
  it('a CLAUDE_MEM_DATA_DIR pinned elsewhere is reported, not obeyed', () => {
    const cfg = loadConfig({ env, home: '/nonexistent-home' });
    expect(cfg.paths.dataDir).toBe(paths.dataDir);
    const w = cfg.warnings.find((x) => x.includes('pins CLAUDE_MEM_DATA_DIR'));
    expect(w).toContain('/home/dev/.claude-mem');
    expect(w).toContain(paths.dataDir);
  });

  it('a CLAUDE_MEM_DATA_DIR naming the data dir in use is fine', () => {
    patchSettings({ CLAUDE_MEM_DATA_DIR: `${paths.dataDir}/` });
    const cfg = loadConfig({ env, home: '/nonexistent-home' });
    expect(cfg.warnings.filter((x) => x.includes('CLAUDE_MEM_DATA_DIR'))).toEqual([]);
  });

  it('the original used the Claude Code login (subscription) and .env has no key: explains claude-code or .env', () => {
    const cfg = loadConfig({ env, home: '/nonexistent-home' });
    const w = cfg.warnings.find((x) => x.includes('The original claude-mem used your Claude Code login'));
    expect(w).toContain('claude-mem config set CLAUDE_MEM_PROVIDER claude-code');
    expect(w).toContain(paths.envPath);
  });

  it('with a key in .env, or another provider, there is nothing to explain', () => {
    writeFileSync(paths.envPath, 'ANTHROPIC_API_KEY=sk-ant-test-000000000000\n', { mode: 0o600 });
    expect(loadConfig({ env, home: '/nonexistent-home' }).warnings.filter((x) => x.includes('Claude Code login'))).toEqual([]);
    rmSync(paths.envPath);
    patchSettings({ CLAUDE_MEM_PROVIDER: 'offline' });
    expect(loadConfig({ env, home: '/nonexistent-home' }).warnings.filter((x) => x.includes('Claude Code login'))).toEqual([]);
  });

  it("the original's API keys in settings.json are pointed to .env (never used from there)", () => {
    patchSettings({ CLAUDE_MEM_GEMINI_API_KEY: 'AIzaFAKE-not-a-real-key-000000000' });
    const cfg = loadConfig({ env, home: '/nonexistent-home' });
    expect(cfg.credentials.GEMINI_API_KEY).toBeUndefined();
    const w = cfg.warnings.find((x) => x.includes('CLAUDE_MEM_GEMINI_API_KEY'));
    expect(w).toContain('GEMINI_API_KEY=');
    expect(w).not.toContain('AIzaFAKE');
  });

  it('config set keeps every key and value of the original, and writes in its style (strings)', () => {
    writeSetting(paths, 'CLAUDE_MEM_CONTEXT_OBSERVATIONS', '30');
    const after = JSON.parse(readFileSync(paths.settingsPath, 'utf8')) as Record<string, unknown>;
    expect(after).toEqual({ ...FIXTURE_SETTINGS, CLAUDE_MEM_CONTEXT_OBSERVATIONS: '30' });
    expect(Object.keys(after)).toEqual(Object.keys(FIXTURE_SETTINGS));
    expect(loadConfig({ env, home: '/nonexistent-home' }).settings.CLAUDE_MEM_CONTEXT_OBSERVATIONS).toBe(30);
  });
});
