// Which tool uses are never recorded, with the real built hook as a child process and Claude
// Code's recorded PostToolUse payload: our own MCP tools always (whatever CLAUDE_MEM_SKIP_TOOLS
// says), and the tools the setting names, globs included.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store';
import { fixture, hookEnv, runHook } from '../helpers/hook-run';

let run: string;
let dataDir: string;

beforeEach(() => {
  run = mkdtempSync(join(tmpdir(), 'cm-skip-'));
  dataDir = join(run, 'data');
  mkdirSync(join(run, 'work'), { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
});

afterEach(() => rmSync(run, { recursive: true, force: true }));

let n = 0;
/** Run PostToolUse for `toolName` (a recorded Bash payload, renamed); returns the hook's exit code. */
async function use(toolName: string, env: NodeJS.ProcessEnv): Promise<number | null> {
  const p = { ...fixture('2.1.332', 'PostToolUse(Bash)', run), tool_name: toolName, tool_use_id: `toolu_skip_${n++}` };
  return (await runHook('PostToolUse', JSON.stringify(p), env)).code;
}

function recorded(): string[] {
  const db = openStore(join(dataDir, 'memory.db'));
  try {
    const rows = db.prepare('SELECT payload FROM queue ORDER BY id').all() as Array<{ payload: string }>;
    return rows.map((r) => (JSON.parse(r.payload) as { toolName: string }).toolName);
  } finally {
    db.close();
  }
}

describe('tools that are never recorded', () => {
  it('our own MCP tools, under every name Claude Code gives them, by default', async () => {
    const env = hookEnv(dataDir);
    for (const tool of [
      'mcp__plugin_claude-mem_claude-mem__search', // this plugin's server, as `claude-mem install` registers it
      'mcp__plugin_claude-mem_claude-mem__get_observations',
      'mcp__plugin_claude-mem_mcp-search__timeline', // the original claude-mem's server name
      'mcp__plugin_claude-mem_search',
      'mcp__claude-mem__search', // registered by hand with `claude mcp add claude-mem …`
    ])
      expect(await use(tool, env)).toBe(0);
    expect(await use('Bash', env)).toBe(0);
    expect(recorded()).toEqual(['Bash']);
  });

  it('our own MCP tools even when the setting leaves them out (the original claude-mem value)', async () => {
    const env = hookEnv(dataDir, { CLAUDE_MEM_SKIP_TOOLS: 'ListMcpResourcesTool,SlashCommand,Skill,TodoWrite,AskUserQuestion' });
    await use('mcp__plugin_claude-mem_claude-mem__search', env);
    await use('Skill', env);
    await use('mcp__plugin_claude-mem-extras_x__y', env); // another plugin whose name merely starts alike
    await use('Bash', env);
    expect(recorded()).toEqual(['mcp__plugin_claude-mem-extras_x__y', 'Bash']);
  });

  it('globs in CLAUDE_MEM_SKIP_TOOLS: * any characters, ? one', async () => {
    const env = hookEnv(dataDir, { CLAUDE_MEM_SKIP_TOOLS: 'mcp__github__*, Web?etch' });
    await use('mcp__github__create_issue', env);
    await use('WebFetch', env);
    await use('mcp__gitlab__create_issue', env);
    await use('WebSearch', env);
    expect(recorded()).toEqual(['mcp__gitlab__create_issue', 'WebSearch']);
  });
});
