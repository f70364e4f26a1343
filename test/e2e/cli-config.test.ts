// `claude-mem config` as users run it: the built CLI in a child process, with its own data dir
// and HOME. Secrets never reach the terminal; a broken settings.json is a named error, not a trace.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/config';
import { runProcessSync } from '../helpers/run-process';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/bin/cli.js');
const SECRET = 'sk-ant-api03-SECRET-must-never-print-0123456789';
const TOKEN = 'litellm-virtual-TOKEN-must-never-print';

let home: string;
let dataDir: string;

beforeAll(() => {
  if (!existsSync(CLI)) {
    const build = runProcessSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, timeoutMs: 300_000 });
    expect(build.code, build.stderr).toBe(0);
  }
});

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'cm-cli-home-'));
  dataDir = join(home, 'data');
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  all: string;
}

/** Run the CLI with a clean environment: only what a user's shell would pass plus our data dir. */
function cli(args: string[], extraEnv: Record<string, string> = {}): Run {
  const r = runProcessSync(process.execPath, [CLI, ...args], {
    cwd: home,
    timeoutMs: 20_000,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      CLAUDE_MEM_DATA_DIR: dataDir,
      CLAUDE_MEM_WORKER_PORT: '0',
      ...extraEnv,
    },
  });
  return { ...r, all: r.stdout + r.stderr };
}

function seedDataDir(settings: string | object, dotenv?: string): void {
  const setup = cli(['config', 'set', 'CLAUDE_MEM_LOG_LEVEL', 'info']); // creates the data dir as the product does
  expect(setup.code, setup.all).toBe(0);
  writeFileSync(join(dataDir, 'settings.json'), typeof settings === 'string' ? settings : JSON.stringify(settings));
  if (dotenv !== undefined) writeFileSync(join(dataDir, '.env'), dotenv, { mode: 0o600 });
}

/** No stack frames ("    at fn (file:line)") and no raw Node error dumps in what the user sees. */
function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/^\s+at .+[:(]/m);
  expect(text).not.toMatch(/node:internal|SyntaxError|TypeError/);
}

describe('claude-mem config', () => {
  it('prints every setting with its value and source; secrets only as a fingerprint', () => {
    seedDataDir(
      { CLAUDE_MEM_PROVIDER: 'claude', CLAUDE_MEM_MODEL: 'my-alias', CLAUDE_MEM_SOMEDAY: 1 },
      `ANTHROPIC_API_KEY=${SECRET}\nANTHROPIC_AUTH_TOKEN=${TOKEN}\nANTHROPIC_BASE_URL=http://127.0.0.1:4000\nUNRELATED=1\n`,
    );
    const r = cli(['config'], { CLAUDE_MEM_LOG_LEVEL: 'debug', ANTHROPIC_API_KEY: 'sk-ant-SHELL-should-not-show' });
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toMatch(/CLAUDE_MEM_MODEL\s+"my-alias"\s+\(file\)/);
    expect(r.stdout).toMatch(/CLAUDE_MEM_LOG_LEVEL\s+"debug"\s+\(env\)/);
    expect(r.stdout).toMatch(/CLAUDE_MEM_BATCH_MAX_CHARS\s+40000\s+\(default\)/);
    expect(r.stdout).toContain(fingerprint(SECRET));
    expect(r.stdout).toContain(fingerprint(TOKEN));
    expect(r.stdout).toContain('http://127.0.0.1:4000');
    expect(r.all).not.toContain(SECRET);
    expect(r.all).not.toContain(TOKEN);
    expect(r.all).not.toContain('SHELL-should-not-show');
    expect(r.stderr).toMatch(/Unknown keys .*CLAUDE_MEM_SOMEDAY/);
    expect(r.stderr).toMatch(/ignores: UNRELATED/);
  });

  it('--json lists every setting with value and source, secrets redacted', () => {
    seedDataDir({ CLAUDE_MEM_WORKER_PORT: '4100', CLAUDE_MEM_FUTURE: true }, `GEMINI_API_KEY=${SECRET}\n`);
    const r = cli(['config', '--json']);
    expect(r.code, r.all).toBe(0);
    expect(r.all).not.toContain(SECRET);
    const out = JSON.parse(r.stdout) as {
      dataDir: string;
      settings: Array<{ key: string; value: unknown; source: string }>;
      credentials: Array<{ key: string; value: string; source: string }>;
      unknownKeys: string[];
    };
    expect(out.dataDir).toBe(dataDir);
    const port = out.settings.find((s) => s.key === 'CLAUDE_MEM_WORKER_PORT');
    // The environment (CLAUDE_MEM_WORKER_PORT=0) beats the file.
    expect(port).toMatchObject({ value: 0, source: 'env' });
    expect(out.settings.find((s) => s.key === 'CLAUDE_MEM_PROVIDER')).toMatchObject({ value: 'claude', source: 'default' });
    expect(out.settings.length).toBeGreaterThanOrEqual(20);
    expect(out.credentials.find((c) => c.key === 'GEMINI_API_KEY')?.value).toBe(fingerprint(SECRET));
    expect(out.credentials.find((c) => c.key === 'ANTHROPIC_API_KEY')?.value).toBe('not set');
    expect(out.unknownKeys).toEqual(['CLAUDE_MEM_FUTURE']);
  });

  it('a bad value in settings.json exits non-zero naming the file, key and expected value, without a stack trace', () => {
    seedDataDir({ CLAUDE_MEM_PROVIDER: 'openai' });
    const r = cli(['config']);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain(join(dataDir, 'settings.json'));
    expect(r.stderr).toContain('CLAUDE_MEM_PROVIDER');
    expect(r.stderr).toMatch(/one of claude, claude-code, openrouter, gemini, offline/);
    expect(r.stdout).toBe('');
    expectNoStackTrace(r.all);
  });

  it('invalid JSON and a BOM are named errors too', () => {
    seedDataDir('{"CLAUDE_MEM_PROVIDER": "offline",,}');
    let r = cli(['config', '--json']);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain(join(dataDir, 'settings.json'));
    expect(r.stderr).toMatch(/not valid JSON/);
    expectNoStackTrace(r.all);

    writeFileSync(join(dataDir, 'settings.json'), '\uFEFF{}');
    r = cli(['config']);
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/byte-order mark/);
    expectNoStackTrace(r.all);
  });

  it('a bad CLAUDE_MEM_* environment variable names the key and the environment', () => {
    const r = cli(['config'], { CLAUDE_MEM_MAX_ATTEMPTS: '99' });
    expect(r.code).toBe(78);
    expect(r.stderr).toMatch(/CLAUDE_MEM_MAX_ATTEMPTS in the environment .*a whole number from 1 to 10/);
    expectNoStackTrace(r.all);
  });
});

describe('claude-mem config set', () => {
  it('writes settings.json 0600 in a 0700 data dir, keeps a .bak, and `config` then reports source "file"', () => {
    let r = cli(['config', 'set', 'CLAUDE_MEM_PROVIDER', 'offline']);
    expect(r.code, r.all).toBe(0);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const settingsPath = join(dataDir, 'settings.json');
    expect(statSync(settingsPath).mode & 0o777).toBe(0o600);
    r = cli(['config', 'set', 'CLAUDE_MEM_CONTEXT_TOKENS', '900']);
    expect(r.code, r.all).toBe(0);
    expect(JSON.parse(readFileSync(`${settingsPath}.bak`, 'utf8'))).toEqual({ CLAUDE_MEM_PROVIDER: 'offline' });
    expect(JSON.parse(readFileSync(settingsPath, 'utf8'))).toEqual({ CLAUDE_MEM_PROVIDER: 'offline', CLAUDE_MEM_CONTEXT_TOKENS: 900 });
    r = cli(['config']);
    expect(r.stdout).toMatch(/CLAUDE_MEM_CONTEXT_TOKENS\s+900\s+\(file\)/);
  });

  it('rejects a bad value before writing: exit 78, file unchanged', () => {
    seedDataDir({ CLAUDE_MEM_PROVIDER: 'gemini' });
    const settingsPath = join(dataDir, 'settings.json');
    const before = readFileSync(settingsPath, 'utf8');
    const r = cli(['config', 'set', 'CLAUDE_MEM_WORKER_PORT', 'http']);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('CLAUDE_MEM_WORKER_PORT');
    expect(r.stderr).toMatch(/a whole number from 0 to 65535/);
    expect(readFileSync(settingsPath, 'utf8')).toBe(before);
    expectNoStackTrace(r.all);
  });

  it('an unknown key and a missing value are usage errors', () => {
    expect(cli(['config', 'set', 'CLAUDE_MEM_TYPO', '1']).code).toBe(78);
    expect(cli(['config', 'set', 'CLAUDE_MEM_PROVIDER']).code).toBe(64);
  });

  it('a data dir that cannot exist (under a regular file) is storage_unwritable naming it', () => {
    const file = join(home, 'plain-file');
    writeFileSync(file, 'x');
    const r = cli(['config', 'set', 'CLAUDE_MEM_PROVIDER', 'offline'], { CLAUDE_MEM_DATA_DIR: join(file, 'data') });
    expect(r.code).toBe(73);
    expect(r.stderr).toContain(join(file, 'data'));
    expectNoStackTrace(r.all);
  });
});
