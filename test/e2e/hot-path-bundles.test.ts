// What each start-up hot path really loads: the built MCP server up to its `tools/list` answer,
// `claude-mem search`, `status` and `help`, run as real processes with a loader hook that records
// every file they load (test/helpers/trace-loads.mjs). The sizes pin what is parsed at every
// start, so a new import cannot silently bring a dependency into a hot path (speed itself is
// measured by `npm run bench`, not here).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const DIST = join(ROOT, 'dist');
const TRACE = join(ROOT, 'test/helpers/trace-loads.mjs');

// Measured (scripts/build.mjs, zod 4 without its locales): search and status about 305 KB, zod
// about 220 KB of it; help about 230 KB; the MCP server about 610 KB (zod, its v3 layer and ajv
// come with the MCP SDK). Before the CLI was split per command, every command parsed 1.2 MB.
// The hook about 80 KB (pinned on its own in test/unit/hooks-bundle.test.ts); the idle worker
// about 435 KB, before its split 960 KB (the provider SDKs now wait in worker-chunk-*.js).
const LIMIT_KB = { search: 360, status: 360, help: 260, mcp: 680, hook: 96, worker: 500 };
// Provider SDKs (the Anthropic SDK's version header, OpenAI's endpoint), agent/worker code and
// @hono/node-server (it reads global.Response at import, which loads Node's fetch): none of them
// belongs on these paths.
const FOREIGN = ['anthropic-version', 'chat/completions', 'Starting SDK query', 'Worker started', 'global.Response'];

let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'cm-hotpath-'));
  mkdirSync(join(home, 'project'));
  env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    CLAUDE_MEM_DATA_DIR: join(home, 'data'),
    CLAUDE_MEM_WORKER_PORT: '0',
  };
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function loaded(file: string): string[] {
  const files = [...new Set(readFileSync(file, 'utf8').trim().split('\n'))];
  return files.filter((f) => f !== TRACE);
}

function cliLoads(args: string[]): string[] {
  const out = join(home, `loads-${args[0]}`);
  const r = spawnSync(process.execPath, ['--import', TRACE, join(DIST, 'bin/cli.js'), ...args], {
    cwd: join(home, 'project'),
    env: { ...env, TRACE_LOADS_FILE: out },
    input: '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return loaded(out);
}

/** Start the MCP server, send initialize and tools/list, and stop it once tools/list is answered. */
async function mcpLoads(): Promise<{ files: string[]; tools: string[] }> {
  const out = join(home, 'loads-mcp');
  const child = spawn(process.execPath, ['--import', TRACE, join(DIST, 'bin/mcp.js')], {
    cwd: join(home, 'project'),
    env: { ...env, TRACE_LOADS_FILE: out },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const send = (m: object) => child.stdin.write(`${JSON.stringify(m)}\n`);
  send({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
  });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  let buf = '';
  const tools = await new Promise<string[]>((done, fail) => {
    child.on('exit', (code) => fail(new Error(`mcp exited ${code} before answering tools/list`)));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      for (const line of buf.split('\n')) {
        if (!line.includes('"id":2')) continue;
        const msg = JSON.parse(line) as { result: { tools: Array<{ name: string }> } };
        done(msg.result.tools.map((t) => t.name));
      }
    });
  });
  const exited = new Promise((done) => child.on('exit', done));
  child.stdin.end();
  await exited;
  return { files: loaded(out), tools };
}

/** Start the worker, wait until it is healthy (worker.json written), stop it, return what it loaded. */
async function workerLoads(): Promise<string[]> {
  const out = join(home, 'loads-worker');
  const dataDir = join(home, 'data-worker');
  const child = spawn(process.execPath, ['--import', TRACE, join(DIST, 'bin/worker.js')], {
    cwd: join(home, 'project'),
    env: { ...env, CLAUDE_MEM_DATA_DIR: dataDir, TRACE_LOADS_FILE: out },
    stdio: 'ignore',
  });
  const exited = new Promise((done) => child.on('exit', done));
  try {
    const deadline = Date.now() + 20_000;
    while (!existsSync(join(dataDir, 'worker.json'))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('the worker never became healthy');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return loaded(out);
}

function kb(files: string[]): number {
  return files.reduce((n, f) => n + statSync(f).size, 0) / 1024;
}

function foreign(files: string[]): string[] {
  const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  return FOREIGN.filter((m) => text.includes(m));
}

describe('start-up hot paths load only what they use', () => {
  for (const [name, args] of [
    ['search', ['search', 'cache']],
    ['status', ['status']],
    ['help', ['help']],
  ] as const) {
    it(`claude-mem ${name} loads under ${LIMIT_KB[name]} KB of dist/, no provider SDK or worker`, () => {
      const files = cliLoads([...args]);
      expect(files[0]).toBe(join(DIST, 'bin/cli.js'));
      // Everything comes from the bundle: nothing is resolved from node_modules at run time
      // (better-sqlite3, which is external, is not needed on Node with node:sqlite).
      expect(files.filter((f) => !f.startsWith(join(DIST, 'bin/')) && !f.includes('better-sqlite3'))).toEqual([]);
      expect(kb(files)).toBeLessThan(LIMIT_KB[name]);
      expect(foreign(files)).toEqual([]);
    });
  }

  it(`help loads no command code`, () => {
    const text = cliLoads(['help'])
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    // The usage texts live in the command modules, so none is loaded for the list of commands.
    expect(text).not.toContain('claude-mem search <query');
    expect(text).not.toContain('claude-mem doctor [--probe]');
  });

  it(`a PostToolUse hook loads hook.js alone, under ${LIMIT_KB.hook} KB`, () => {
    const out = join(home, 'loads-hook');
    const r = spawnSync(process.execPath, ['--import', TRACE, join(DIST, 'bin/hook.js'), 'PostToolUse'], {
      cwd: join(home, 'project'),
      env: { ...env, TRACE_LOADS_FILE: out },
      input: JSON.stringify({
        session_id: 'hot-path',
        transcript_path: join(home, 'project', 't.jsonl'),
        cwd: join(home, 'project'),
        hook_event_name: 'PostToolUse',
        tool_name: 'Read',
        tool_use_id: 'tu-1',
        tool_input: { file_path: 'a.ts' },
        tool_response: { content: 'x' },
      }),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const files = loaded(out);
    expect(files).toEqual([join(DIST, 'bin/hook.js')]);
    expect(kb(files)).toBeLessThan(LIMIT_KB.hook);
  });

  it(`an idle worker loads worker.js (and esbuild's helpers), under ${LIMIT_KB.worker} KB, no provider SDK`, async () => {
    const files = await workerLoads();
    expect(files[0]).toBe(join(DIST, 'bin/worker.js'));
    // Besides worker.js, at most esbuild's small shared helpers chunk.
    expect(files.filter((f) => !/[\\/]worker(-chunk-\w+)?\.js$/.test(f))).toEqual([]);
    expect(kb(files)).toBeLessThan(LIMIT_KB.worker);
    // Both provider SDKs send x-stainless-* headers; our own code never names them.
    expect(files.filter((f) => readFileSync(f, 'utf8').includes('x-stainless'))).toEqual([]);
  });

  it(`the MCP server answers tools/list having loaded under ${LIMIT_KB.mcp} KB`, async () => {
    const { files, tools } = await mcpLoads();
    expect(tools.sort()).toEqual(['get_observations', 'save_memory', 'search', 'timeline']);
    expect(files[0]).toBe(join(DIST, 'bin/mcp.js'));
    expect(kb(files)).toBeLessThan(LIMIT_KB.mcp);
    expect(foreign(files)).toEqual([]);
  });
});
