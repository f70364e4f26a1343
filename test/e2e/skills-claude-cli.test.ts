// The plugin's skills, proven with the real Claude Code CLI on a temp HOME: after `claude-mem
// install`, a plain `claude -p` offers the model `claude-mem:mem-search` and
// `claude-mem:timeline-report` (name and description, as Claude Code sends them in the request),
// and the model's own call to our MCP search tool is answered but never recorded as an event.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store';
import { startFakeModel, type FakeModel } from '../helpers/claude-fake-model';
import { CLAUDE_BIN, ROOT, claudeEnv, claudeMem, gitRepo, runClaude, stopWorkerOf } from '../helpers/claude-cli';

let tmp: string;
let home: string;
let dataDir: string;
let fake: FakeModel;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'cm-skills-e2e-'));
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

/** The `description:` line of a shipped SKILL.md's front matter. */
function description(skill: string): string {
  const text = readFileSync(join(ROOT, 'skills', skill, 'SKILL.md'), 'utf8');
  const m = /^---\n[\s\S]*?^description: (.+)$[\s\S]*?^---$/m.exec(text);
  if (!m?.[1]) throw new Error(`${skill}: no description in front matter`);
  return m[1];
}

describe('skills shipped in the plugin folder', () => {
  it('after install, Claude Code offers both skills to the model and our MCP tools are not recorded', async () => {
    const env = claudeEnv({ home, dataDir, modelUrl: fake.url });
    const installed = claudeMem(['install'], env);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).not.toMatch(/lacks/);
    // async: the fake model answers from this process, so the test must not block its event loop
    const { stdout: details } = await promisify(execFile)(CLAUDE_BIN, ['plugin', 'details', 'claude-mem@skills-dir'], { cwd: tmp, env, timeout: 90_000 });
    expect(details).toMatch(/Skills \(2\)\s+mem-search, timeline-report/);

    const repo = gitRepo(join(tmp, 'repo'));
    const run = await runClaude({
      prompt: [
        'What did we do before?',
        '@tool mcp__plugin_claude-mem_claude-mem__search {"query":"hook timeout"}',
        '@tool Bash {"command":"echo after-search","description":"say it"}',
        '@text done',
      ].join('\n'),
      cwd: repo,
      home,
      dataDir,
      modelUrl: fake.url,
    });
    expect(run.code, run.stderr).toBe(0);
    const [first, second] = fake.mainLoopRequests();
    const raw = first?.raw ?? '';
    // the skills, namespaced by the plugin, with their descriptions
    expect(raw).toContain('claude-mem:mem-search');
    expect(raw).toContain('claude-mem:timeline-report');
    for (const skill of ['mem-search', 'timeline-report']) expect(raw).toContain(JSON.stringify(description(skill)).slice(1, 60));
    // our MCP tools under the name the skip list expects
    const tools = (first?.body as { tools?: Array<{ name: string }> }).tools?.map((t) => t.name) ?? [];
    expect(tools).toContain('mcp__plugin_claude-mem_claude-mem__search');
    // the search really ran (its answer went back to the model)…
    expect(second?.raw ?? '').toMatch(/No memories recorded for this project yet|No matching memories/);
    await stopWorkerOf(dataDir);
    // …but only the Bash call was recorded
    const db = openStore(join(dataDir, 'memory.db'));
    const rows = db.prepare(`SELECT payload FROM queue WHERE kind = 'tool' ORDER BY id`).all() as Array<{ payload: string }>;
    db.close();
    expect(rows.map((r) => (JSON.parse(r.payload) as { toolName: string }).toolName)).toEqual(['Bash']);
  }, 180_000);
});
