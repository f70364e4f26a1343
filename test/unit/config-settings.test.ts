// Settings: precedence env > settings.json > default, every validation path, and `config set`
// writing atomically (0600, .bak, unknown keys kept) even when the disk fills mid-write.
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  atomicWrite,
  ensureDataDir,
  loadConfig,
  loadSettings,
  resolvePaths,
  SETTING_KEYS,
  SETTINGS,
  writeSetting,
  type FileWriter,
  type Paths,
} from '../../src/config';
import { mountTmpfs, tmpfsUnavailable, unmount } from '../helpers/tmpfs';
import { caught } from '../helpers/mem-error';

let dir: string;
let paths: Paths;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-settings-'));
  env = { CLAUDE_MEM_DATA_DIR: dir, CLAUDE_MEM_WORKER_PORT: '0' };
  paths = resolvePaths(env, '/nonexistent-home');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeSettings(content: string | object): void {
  writeFileSync(paths.settingsPath, typeof content === 'string' ? content : JSON.stringify(content), { mode: 0o600 });
}

describe('paths', () => {
  it('defaults to ~/.claude-mem and honours CLAUDE_MEM_DATA_DIR', () => {
    expect(resolvePaths({}, '/home/someone').dataDir).toBe('/home/someone/.claude-mem');
    expect(resolvePaths({}, '/home/someone').settingsPath).toBe('/home/someone/.claude-mem/settings.json');
    expect(paths.dataDir).toBe(dir);
    expect(paths.envPath).toBe(join(dir, '.env'));
    expect(paths.dbPath).toBe(join(dir, 'memory.db'));
  });
});

describe('precedence: environment > settings.json > default', () => {
  it('uses typed defaults when there is no settings.json', () => {
    const { settings, sources, unknownKeys } = loadSettings(paths, {});
    for (const key of SETTING_KEYS) {
      expect(settings[key]).toEqual(SETTINGS[key].default);
      expect(sources[key]).toBe('default');
    }
    expect(unknownKeys).toEqual([]);
  });

  it('takes the file over the default and the environment over the file, and reports each source', () => {
    writeSettings({ CLAUDE_MEM_PROVIDER: 'offline', CLAUDE_MEM_WORKER_PORT: '4000', CLAUDE_MEM_MAX_ATTEMPTS: 2 });
    const { settings, sources } = loadSettings(paths, { CLAUDE_MEM_WORKER_PORT: '5000', CLAUDE_MEM_LOG_LEVEL: 'debug' });
    expect(settings.CLAUDE_MEM_PROVIDER).toBe('offline');
    expect(sources.CLAUDE_MEM_PROVIDER).toBe('file');
    expect(settings.CLAUDE_MEM_WORKER_PORT).toBe(5000);
    expect(sources.CLAUDE_MEM_WORKER_PORT).toBe('env');
    expect(settings.CLAUDE_MEM_MAX_ATTEMPTS).toBe(2);
    expect(sources.CLAUDE_MEM_MAX_ATTEMPTS).toBe('file');
    expect(settings.CLAUDE_MEM_LOG_LEVEL).toBe('debug');
    expect(sources.CLAUDE_MEM_LOG_LEVEL).toBe('env');
    expect(settings.CLAUDE_MEM_MODEL).toBe(SETTINGS.CLAUDE_MEM_MODEL.default);
    expect(sources.CLAUDE_MEM_MODEL).toBe('default');
  });

  it('ignores an empty environment variable (falls through to the file)', () => {
    writeSettings({ CLAUDE_MEM_PROVIDER: 'gemini' });
    const { settings, sources } = loadSettings(paths, { CLAUDE_MEM_PROVIDER: '' });
    expect(settings.CLAUDE_MEM_PROVIDER).toBe('gemini');
    expect(sources.CLAUDE_MEM_PROVIDER).toBe('file');
  });

  it('parses strings on disk into typed values', () => {
    writeSettings({ CLAUDE_MEM_WORKER_PORT: ' 4100 ', CLAUDE_MEM_REDACT_SECRETS: 'FALSE', CLAUDE_MEM_SEARCH_RECENCY: 'yes' });
    const { settings } = loadSettings(paths, {});
    expect(settings.CLAUDE_MEM_WORKER_PORT).toBe(4100);
    expect(settings.CLAUDE_MEM_REDACT_SECRETS).toBe(false);
    expect(settings.CLAUDE_MEM_SEARCH_RECENCY).toBe(true);
  });

  it('passes the model name through verbatim', () => {
    writeSettings({ CLAUDE_MEM_MODEL: 'my-gateway/Claude Haiku@eu' });
    expect(loadConfig({ env, home: '/nonexistent-home' }).settings.CLAUDE_MEM_MODEL).toBe('my-gateway/Claude Haiku@eu');
  });

  it('keeps unknown keys and reports them', () => {
    writeSettings({ CLAUDE_MEM_FROM_THE_FUTURE: 1, somethingElse: true, CLAUDE_MEM_PROVIDER: 'offline' });
    const cfg = loadConfig({ env, home: '/nonexistent-home' });
    expect(cfg.unknownKeys.sort()).toEqual(['CLAUDE_MEM_FROM_THE_FUTURE', 'somethingElse']);
    expect(cfg.settings.CLAUDE_MEM_PROVIDER).toBe('offline');
  });
});

describe('a malformed settings.json is a clear error, never a silent reset', () => {
  it('bad JSON names the file', () => {
    writeSettings('{"CLAUDE_MEM_PROVIDER": "offline",}');
    const e = caught(() => loadSettings(paths, {}));
    expect(e.kind).toBe('config_invalid');
    expect(e.message).toContain(paths.settingsPath);
    expect(e.message).toMatch(/not valid JSON/);
    expect(e.message).toMatch(/line 1, column \d+/);
    expect(e.hint).toBeTruthy();
  });

  it('a byte-order mark names the file and the fix', () => {
    writeSettings('\uFEFF{"CLAUDE_MEM_PROVIDER": "offline"}');
    const e = caught(() => loadSettings(paths, {}));
    expect(e.kind).toBe('config_invalid');
    expect(e.message).toContain(paths.settingsPath);
    expect(e.message).toMatch(/BOM|byte-order mark/);
    expect(e.hint).toMatch(/without BOM/);
  });

  it.each([['[]'], ['"offline"'], ['null'], ['42']])('a non-object (%s) names the file', (content) => {
    writeSettings(content);
    const e = caught(() => loadSettings(paths, {}));
    expect(e.kind).toBe('config_invalid');
    expect(e.message).toContain(paths.settingsPath);
    expect(e.message).toMatch(/JSON object/);
  });

  it('a settings.json that is a directory names the file instead of a bare errno', () => {
    mkdirSync(paths.settingsPath);
    const e = caught(() => loadSettings(paths, {}));
    expect(e.kind).toBe('config_invalid');
    expect(e.message).toContain(paths.settingsPath);
  });

  it('an empty file means defaults', () => {
    writeSettings('  \n');
    expect(loadSettings(paths, {}).sources.CLAUDE_MEM_PROVIDER).toBe('default');
  });

  const badValues: Array<[string, unknown, RegExp]> = [
    ['CLAUDE_MEM_PROVIDER', 'openai', /one of claude, claude-code, openrouter, gemini, offline/],
    ['CLAUDE_MEM_WORKER_PORT', 'abc', /a whole number from 0 to 65535/],
    ['CLAUDE_MEM_WORKER_PORT', 70000, /a whole number from 0 to 65535/],
    ['CLAUDE_MEM_WORKER_PORT', null, /a whole number from 0 to 65535/],
    ['CLAUDE_MEM_MAX_ATTEMPTS', 0, /a whole number from 1 to 10/],
    ['CLAUDE_MEM_MAX_ATTEMPTS', 2.5, /a whole number from 1 to 10/],
    ['CLAUDE_MEM_BATCH_MAX_CHARS', true, /a whole number from 2000 to 400000/],
    ['CLAUDE_MEM_CONTEXT_TOKENS', [100], /a whole number from 0 to 50000/],
    ['CLAUDE_MEM_DAILY_TOKEN_BUDGET', '1e6', /a whole number/],
    ['CLAUDE_MEM_REDACT_SECRETS', 'maybe', /true or false/],
    ['CLAUDE_MEM_LOG_LEVEL', 'verbose', /one of debug, info, warn, error/],
    ['CLAUDE_MEM_OPENROUTER_BASE_URL', 'ftp://example.com', /http\(s\) URL/],
    ['CLAUDE_MEM_MODEL', 5, /a model name/],
    ['CLAUDE_MEM_EMBEDDINGS_PROVIDER', 'pinecone', /one of none, openai, ollama, gemini/],
  ];
  it.each(badValues)('%s = %j in the file names file, key and expected value', (key, value, expected) => {
    writeSettings({ [key]: value });
    const e = caught(() => loadSettings(paths, {}));
    expect(e.kind).toBe('config_invalid');
    expect(e.message).toContain(key);
    expect(e.message).toContain(paths.settingsPath);
    expect(e.message).toMatch(expected);
    expect(e.hint).toContain(key);
  });

  it('a bad environment value names the key and the environment', () => {
    const e = caught(() => loadSettings(paths, { CLAUDE_MEM_WORKER_PORT: 'eighty' }));
    expect(e.kind).toBe('config_invalid');
    expect(e.message).toContain('CLAUDE_MEM_WORKER_PORT');
    expect(e.message).toContain('environment');
    expect(e.message).toMatch(/a whole number from 0 to 65535/);
  });

  it('loadConfig surfaces the same error (it never falls back to defaults)', () => {
    writeSettings({ CLAUDE_MEM_PROVIDER: 'anthropic' });
    const e = caught(() => loadConfig({ env, home: '/nonexistent-home' }));
    expect(e.kind).toBe('config_invalid');
    expect(e.message).toContain('CLAUDE_MEM_PROVIDER');
    expect(readFileSync(paths.settingsPath, 'utf8')).toContain('anthropic');
  });
});

describe('config set (writeSetting)', () => {
  it('validates before writing: a bad value leaves the file byte-for-byte unchanged', () => {
    const before = JSON.stringify({ CLAUDE_MEM_PROVIDER: 'offline', keepMe: 1 });
    writeSettings(before);
    const e = caught(() => writeSetting(paths, 'CLAUDE_MEM_WORKER_PORT', '99999'));
    expect(e.kind).toBe('config_invalid');
    expect(e.message).toContain('CLAUDE_MEM_WORKER_PORT');
    expect(e.message).toMatch(/a whole number from 0 to 65535/);
    expect(e.hint).toContain(`${paths.settingsPath} was not changed`);
    expect(readFileSync(paths.settingsPath, 'utf8')).toBe(before);
    expect(existsSync(`${paths.settingsPath}.bak`)).toBe(false);
  });

  it('rejects an unknown key without writing', () => {
    const e = caught(() => writeSetting(paths, 'CLAUDE_MEM_NOPE', 'x'));
    expect(e.kind).toBe('config_invalid');
    expect(e.message).toContain('CLAUDE_MEM_NOPE');
    expect(existsSync(paths.settingsPath)).toBe(false);
  });

  it('refuses to overwrite a malformed file (no silent reset)', () => {
    writeSettings('{ not json');
    const e = caught(() => writeSetting(paths, 'CLAUDE_MEM_PROVIDER', 'offline'));
    expect(e.kind).toBe('config_invalid');
    expect(readFileSync(paths.settingsPath, 'utf8')).toBe('{ not json');
  });

  it('writes a typed value, mode 0600, keeps the previous file as .bak and preserves unknown keys', () => {
    const before = JSON.stringify({ CLAUDE_MEM_PROVIDER: 'offline', CLAUDE_MEM_LATER: 'x', other: [1, 2] });
    writeFileSync(paths.settingsPath, before, { mode: 0o644 });
    chmodSync(paths.settingsPath, 0o644);
    expect(writeSetting(paths, 'CLAUDE_MEM_WORKER_PORT', '4123')).toBe(4123);
    const after = JSON.parse(readFileSync(paths.settingsPath, 'utf8')) as Record<string, unknown>;
    expect(after).toEqual({ CLAUDE_MEM_PROVIDER: 'offline', CLAUDE_MEM_LATER: 'x', other: [1, 2], CLAUDE_MEM_WORKER_PORT: 4123 });
    expect(statSync(paths.settingsPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${paths.settingsPath}.bak`, 'utf8')).toBe(before);
    const loaded = loadSettings(paths, {});
    expect(loaded.settings.CLAUDE_MEM_WORKER_PORT).toBe(4123);
    expect(loaded.unknownKeys.sort()).toEqual(['CLAUDE_MEM_LATER', 'other']);
  });

  it('creates settings.json 0600 when there was none', () => {
    writeSetting(paths, 'CLAUDE_MEM_REDACT_SECRETS', 'no');
    expect(JSON.parse(readFileSync(paths.settingsPath, 'utf8'))).toEqual({ CLAUDE_MEM_REDACT_SECRETS: false });
    expect(statSync(paths.settingsPath).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a disk that fills mid-write leaves the old file intact, no temp file, and storage_full naming the path', () => {
    const before = `${JSON.stringify({ CLAUDE_MEM_PROVIDER: 'gemini' }, null, 2)}\n`;
    writeSettings(before);
    // Writes half the bytes for real, then fails the way a full disk does.
    const fullDisk: FileWriter = {
      write(path, data, mode) {
        const fd = openSync(path, 'w', mode);
        try {
          writeSync(fd, data.slice(0, Math.floor(data.length / 2)));
        } finally {
          closeSync(fd);
        }
        throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC' });
      },
    };
    const e = caught(() => writeSetting(paths, 'CLAUDE_MEM_PROVIDER', 'offline', fullDisk));
    expect(e.kind).toBe('storage_full');
    expect(e.message).toContain(paths.settingsPath);
    expect(readFileSync(paths.settingsPath, 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(loadSettings(paths, {}).settings.CLAUDE_MEM_PROVIDER).toBe('gemini');
  });
});

describe('data dir', () => {
  it('is created 0700 with its logs folder, and a looser mode is tightened', () => {
    const p = resolvePaths({ CLAUDE_MEM_DATA_DIR: join(dir, 'nested', 'data') });
    ensureDataDir(p);
    expect(statSync(p.dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(p.logsDir).isDirectory()).toBe(true);
    chmodSync(p.dataDir, 0o755);
    ensureDataDir(p);
    expect(statSync(p.dataDir).mode & 0o777).toBe(0o700);
  });

  it('a shared folder used as data dir is not locked down (sticky /tmp-like, or a folder with other files)', () => {
    const sticky = join(dir, 'sticky');
    mkdirSync(sticky);
    chmodSync(sticky, 0o1777);
    ensureDataDir(resolvePaths({ CLAUDE_MEM_DATA_DIR: sticky }));
    expect(statSync(sticky).mode & 0o7777).toBe(0o1777);
    const homeLike = join(dir, 'home-like');
    mkdirSync(homeLike);
    writeFileSync(join(homeLike, '.bashrc'), '');
    chmodSync(homeLike, 0o755);
    ensureDataDir(resolvePaths({ CLAUDE_MEM_DATA_DIR: homeLike }));
    ensureDataDir(resolvePaths({ CLAUDE_MEM_DATA_DIR: homeLike }));
    expect(statSync(homeLike).mode & 0o777).toBe(0o755);
  });

  it('under a regular file (fails even for root) is storage_unwritable naming the path', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const p = resolvePaths({ CLAUDE_MEM_DATA_DIR: join(file, 'data') });
    const e = caught(() => ensureDataDir(p));
    expect(e.kind).toBe('storage_unwritable');
    expect(e.message).toContain(p.dataDir);
    expect(e.hint).toMatch(/CLAUDE_MEM_DATA_DIR/);
  });

  it('an atomic write into a missing or non-directory parent is storage_unwritable naming the path', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const target = join(file, 'settings.json');
    const e = caught(() => atomicWrite(target, '{}'));
    expect(e.kind).toBe('storage_unwritable');
    expect(e.message).toContain(target);
  });

  const probe = tmpfsUnavailable(join(tmpdir(), `cm-tmpfs-probe-${process.pid}`));
  it.skipIf(probe !== undefined)(`on a read-only file system is storage_unwritable naming the path${probe ? ` (skipped: ${probe})` : ''}`, () => {
    const mnt = join(dir, 'ro');
    const reason = mountTmpfs(mnt, 'ro,size=64k');
    expect(reason).toBeUndefined();
    try {
      const p = resolvePaths({ CLAUDE_MEM_DATA_DIR: join(mnt, 'data') });
      const e = caught(() => ensureDataDir(p));
      expect(e.kind).toBe('storage_unwritable');
      expect(e.message).toContain(p.dataDir);
      const e2 = caught(() => atomicWrite(join(mnt, 'settings.json'), '{}'));
      expect(e2.kind).toBe('storage_unwritable');
      expect(e2.message).toContain(join(mnt, 'settings.json'));
    } finally {
      unmount(mnt);
    }
  });
});
