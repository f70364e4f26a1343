// `claude-mem install` proven with the real Claude Code CLI on a temp HOME: after install, Claude
// Code lists the plugin as loaded, sees its MCP server, and runs its hooks in a plain `claude -p`
// (no --plugin-dir); after uninstall it does none of that and settings.json is as it was.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store';
import { allText, startFakeModel, type FakeModel } from '../helpers/claude-fake-model';
import {
  CLAUDE_BIN,
  claudeEnv,
  claudeMem,
  gitRepo,
  runClaude,
  stopWorkerOf,
} from '../helpers/claude-cli';

let tmp: string;
let home: string;
let dataDir: string;
let fake: FakeModel;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'cm-install-e2e-'));
  home = join(tmp, 'home');
  dataDir = join(tmp, 'data');
  mkdirSync(join(home, '.claude'), { recursive: true });
  fake = await startFakeModel();
});

afterAll(async () => {
  await stopWorkerOf(dataDir);
  await fake.close();
  rmSync(tmp, { recursive: true, force: true });
});

// Async: the fake model answers from this process (`plugin details` asks it to count the skills'
// tokens), so a blocking call would wait on itself.
async function claude(args: string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(CLAUDE_BIN, args, {
      cwd: tmp,
      env: claudeEnv({ home, dataDir, modelUrl: fake.url }),
      encoding: 'utf8',
      timeout: 60_000,
    });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

describe('claude-mem install with the real Claude Code CLI', () => {
  it('registers the plugin so a plain `claude -p` runs its hooks, and uninstall takes it away', async () => {
    const settings =
      '{\n  "theme": "dark",\n  "enabledPlugins": { "claude-mem@skills-dir": false }\n}\n';
    writeFileSync(join(home, '.claude/settings.json'), settings);
    const env = claudeEnv({ home, dataDir, modelUrl: fake.url });

    const installed = claudeMem(['install'], env);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toContain('claude-mem@skills-dir');

    const list = await claude(['plugin', 'list']);
    expect(list).toContain('claude-mem@skills-dir');
    expect(list).toMatch(/loaded/);
    expect(await claude(['plugin', 'details', 'claude-mem@skills-dir'])).toMatch(/Hooks \(6\)/);
    expect(await claude(['mcp', 'list'])).toContain('plugin:claude-mem:claude-mem');

    const repo = gitRepo(join(tmp, 'repo'));
    const mark = fake.requests.length;
    const run = await runClaude({
      prompt:
        'Note this.\n@tool Bash {"command":"echo installed-ok","description":"say ok"}\n@text done',
      cwd: repo,
      home,
      dataDir,
      modelUrl: fake.url,
    });
    expect(run.code, run.stderr).toBe(0);
    const first = fake.mainLoopRequests().find((r) => fake.requests.indexOf(r) >= mark);
    const text = (first?.body as { messages: Array<{ content: unknown }> }).messages
      .map((m) => allText(m.content))
      .join('\n');
    expect(text).toContain('no memory recorded yet for project "repo"');
    const db = openStore(join(dataDir, 'memory.db'));
    const sessions = db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number };
    const tools = db.prepare(`SELECT COUNT(*) AS n FROM queue WHERE kind = 'tool'`).get() as {
      n: number;
    };
    db.close();
    expect(sessions.n).toBe(1);
    expect(tools.n).toBe(1);
    await stopWorkerOf(dataDir);

    const removed = claudeMem(['uninstall'], env);
    expect(removed.code, removed.stderr).toBe(0);
    expect(readFileSync(join(home, '.claude/settings.json'), 'utf8')).toBe(settings);
    expect(existsSync(join(home, '.claude/skills/claude-mem'))).toBe(false);
    expect(await claude(['plugin', 'list'])).not.toContain('claude-mem@skills-dir');
  }, 180_000);
});
