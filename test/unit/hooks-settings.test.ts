import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HOOK_SETTING_KEYS, loadConfig, loadHookSettings, loadHookSettingsOrDefaults, resolvePaths } from '../../src/config';
import { MemError } from '../../src/contracts';

// The hook reads its settings without zod (start-up time); it must agree with loadConfig exactly.
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(file: Record<string, unknown> | undefined, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cm-hookset-'));
  dirs.push(dir);
  const fullEnv = { CLAUDE_MEM_DATA_DIR: dir, ...env };
  if (file) writeFileSync(join(dir, 'settings.json'), JSON.stringify(file));
  return { paths: resolvePaths(fullEnv), env: fullEnv };
}

function pick(settings: Record<string, unknown>) {
  return Object.fromEntries(HOOK_SETTING_KEYS.map((k) => [k, settings[k]]));
}

describe('hook settings', () => {
  const cases: Array<[string, Record<string, unknown> | undefined, Record<string, string>]> = [
    ['defaults', undefined, {}],
    [
      'settings.json values',
      {
        CLAUDE_MEM_CONTEXT_TOKENS: 900,
        CLAUDE_MEM_CONTEXT_OBSERVATIONS: '12',
        CLAUDE_MEM_EXCLUDED_PROJECTS: 'secret-*,~/clients',
        CLAUDE_MEM_SKIP_TOOLS: 'Read',
        CLAUDE_MEM_REDACT_SECRETS: 'NO',
        CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS: 300,
        CLAUDE_MEM_LOG_LEVEL: 'debug',
      },
      {},
    ],
    [
      'environment over settings.json',
      { CLAUDE_MEM_CONTEXT_TOKENS: 900, CLAUDE_MEM_REDACT_SECRETS: false },
      {
        CLAUDE_MEM_CONTEXT_TOKENS: ' 50 ',
        CLAUDE_MEM_REDACT_SECRETS: 'yes',
        CLAUDE_MEM_LOG_LEVEL: 'warn',
      },
    ],
  ];
  for (const [name, file, env] of cases) {
    it(`agrees with loadConfig: ${name}`, () => {
      const s = setup(file, env);
      expect(loadHookSettings(s.paths, s.env)).toEqual(pick(loadConfig({ env: s.env }).settings));
    });
  }

  const bad: Array<[string, unknown]> = [
    ['CLAUDE_MEM_CONTEXT_TOKENS', -1],
    ['CLAUDE_MEM_CONTEXT_TOKENS', '1.5'],
    ['CLAUDE_MEM_CONTEXT_OBSERVATIONS', true],
    ['CLAUDE_MEM_REDACT_SECRETS', 'maybe'],
    ['CLAUDE_MEM_LOG_LEVEL', 'loud'],
    ['CLAUDE_MEM_SKIP_TOOLS', 3],
    ['CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS', 100],
  ];
  for (const [key, value] of bad) {
    it(`rejects ${key}=${JSON.stringify(value)} like loadConfig, naming the key`, () => {
      const s = setup({ [key]: value });
      expect(() => loadConfig({ env: s.env })).toThrow(MemError);
      let err: unknown;
      try {
        loadHookSettings(s.paths, s.env);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MemError);
      expect((err as MemError).kind).toBe('config_invalid');
      expect((err as MemError).message).toContain(key);
    });
  }
});

describe('hook settings on a broken settings.json', () => {
  const broken: Array<[string, (file: string) => void]> = [
    ['a byte-order mark', (f) => writeFileSync(f, '\uFEFF{}')],
    ['invalid JSON', (f) => writeFileSync(f, '{"CLAUDE_MEM_LOG_LEVEL":')],
    ['a JSON array', (f) => writeFileSync(f, '[1]')],
    ['a value of the wrong type', (f) => writeFileSync(f, '{"CLAUDE_MEM_SKIP_TOOLS": ["Read"]}')],
    ['a folder', (f) => mkdirSync(f)],
  ];
  for (const [what, breakIt] of broken) {
    it(`${what}: the defaults and a config_invalid problem naming the file, never a throw`, () => {
      const s = setup(undefined);
      breakIt(s.paths.settingsPath);
      const r = loadHookSettingsOrDefaults(s.paths, s.env);
      expect(r.settings).toEqual(pick(loadConfig({ env: setup(undefined).env }).settings));
      expect(r.problem?.kind).toBe('config_invalid');
      expect(r.problem?.message).toContain(s.paths.settingsPath);
    });
  }

  it('a valid file: no problem', () => {
    const s = setup({ CLAUDE_MEM_LOG_LEVEL: 'debug' });
    expect(loadHookSettingsOrDefaults(s.paths, s.env)).toEqual({ settings: loadHookSettings(s.paths, s.env) });
  });
});
