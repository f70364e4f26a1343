// `claude-mem open`: the browser launcher's failure is logged, never fatal; with no worker the
// command fails with the fix. (Signing in with the printed link is in test/e2e/viewer-browser.)
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliContext } from '../../src/cli';
import { launchBrowser } from '../../src/cli/open';
import { loadConfig } from '../../src/config';
import { createFileLogger } from '../../src/log';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cm-open-'));
  dirs.push(d);
  return d;
}

function context(dataDir: string): { ctx: CliContext; stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  const env = { CLAUDE_MEM_DATA_DIR: dataDir };
  const ctx: CliContext = {
    out: {
      line: (t = '') => void (out += `${t}\n`),
      json: (v) => void (out += `${JSON.stringify(v)}\n`),
      warn: (t) => void (err += `warning: ${t}\n`),
      error: (e) => void (err += `error: ${e.message}\n  fix: ${e.hint ?? ''}\n`),
    },
    env,
    cwd: dataDir,
    home: dataDir,
    now: () => new Date(),
    config: () => loadConfig({ env, home: dataDir }),
    stdin: new PassThrough(),
    isTTY: false,
  };
  return { ctx, stdout: () => out, stderr: () => err };
}

describe('claude-mem open', () => {
  it('without a running worker it fails with worker_unreachable and says how to start one', async () => {
    const { ctx, stdout, stderr } = context(tempDir());
    const code = await runCli(['open', '--no-browser'], ctx);
    expect(code).toBe(69);
    expect(stdout()).toBe('');
    expect(stderr()).toContain('claude-mem worker start');
  });

  it('a browser that cannot be started is logged, not thrown', async () => {
    const dir = tempDir();
    const logger = createFileLogger({ logsDir: join(dir, 'logs'), component: 'cli' });
    const path = process.env.PATH;
    process.env.PATH = join(dir, 'no-such-bin');
    try {
      expect(await launchBrowser('http://127.0.0.1:1/login?code=x', logger)).toBe(false);
    } finally {
      process.env.PATH = path;
    }
    const [file] = readdirSync(join(dir, 'logs'));
    expect(readFileSync(join(dir, 'logs', file as string), 'utf8')).toContain(
      'could not open a browser',
    );
  });
});
