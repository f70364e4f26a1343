// Provider `claude-code` end to end: a real worker (dist/bin/worker.js) compresses queued events
// through the REAL Claude Code CLI (node_modules/.bin/claude, 2.1.197), which reaches a fake model
// only through its own settings (`env` in the temp HOME's ~/.claude/settings.json): no key in our
// .env. Then the bad days: no CLI, not logged in, hanging, non-JSON, non-zero exit — each a clear
// `status` line, events kept, no other provider asked, no process left behind.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerRuntime } from '../../src/contracts';
import { openStore, queueCounts, type Db } from '../../src/store';
import { CLAUDE_BIN } from '../helpers/claude-cli';
import { startFakeModel, type FakeModel } from '../helpers/claude-fake-model';
import { makeFakeClaude, processesMentioning, type FakeClaude, type FakeClaudeMode } from '../helpers/fake-claude-cli';
import { GOOD_ANSWER } from '../helpers/fake-llm-fixtures';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm';
import { HOOK, runHook } from '../helpers/hook-run';
import { addTurn, seedSession } from '../helpers/worker-fixtures';
import { childEnv, runCli, waitFor, workerPids } from '../helpers/worker-procs';

const GATEWAY_TOKEN = 'gw-token-claude-code-e2e-0123456789';

let tmp: string;
let model: FakeModel;
/** The `claude` provider's endpoint: must never be asked (no silent fallback). */
let other: FakeLlm;
let fake: FakeClaude;
const dataDirs: string[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'cm-cc-provider-'));
  model = await startFakeModel({ streamReply: () => JSON.stringify(GOOD_ANSWER) });
  other = await startFakeLlm('anthropic');
  fake = makeFakeClaude(join(tmp, 'fakebin'));
});

afterAll(async () => {
  for (const d of dataDirs) {
    await runCli(['worker', 'stop'], childEnv(d)).catch((err: unknown) => void err);
    for (const pid of workerPids(d)) process.kill(pid, 'SIGKILL');
  }
  await model.close();
  await other.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface Setup {
  dataDir: string;
  home: string;
  env: NodeJS.ProcessEnv;
  db: Db;
}

/** A data dir with one finished turn queued, a HOME, and the worker's environment. */
function setup(name: string, settings: Record<string, string | number>, home?: string): Setup {
  const base = join(tmp, name);
  const dataDir = join(base, 'data');
  const h = home ?? join(base, 'home');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(h, { recursive: true });
  dataDirs.push(dataDir);
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ CLAUDE_MEM_PROVIDER: 'claude-code', ...settings }));
  // A configured `claude` provider endpoint in .env: claude-code must never fall back to it.
  writeFileSync(join(dataDir, '.env'), `ANTHROPIC_BASE_URL=${other.url}\nANTHROPIC_API_KEY=sk-ant-not-for-claude-code\n`, { mode: 0o600 });
  const db = openStore(join(dataDir, 'memory.db'));
  const now = new Date().toISOString();
  addTurn(db, seedSession(db, now, 'proj', `sess-${name}`), { now, tools: 3, turnEnd: true, prompt: 'Fix the parser' });
  const env = childEnv(dataDir, {
    HOME: h,
    // The user's shell variables: the memory agent must not pass them to the CLI.
    ANTHROPIC_API_KEY: 'sk-ant-shell-key-must-not-be-used',
    ANTHROPIC_BASE_URL: other.url,
  });
  return { dataDir, home: h, env, db };
}

/** A HOME where the real CLI reaches the fake model through its own settings, with a user hook that leaves a mark. */
function gatewayHome(dir: string): string {
  mkdirSync(join(dir, '.claude'), { recursive: true });
  const hookMark = join(dir, 'user-hook-ran');
  const hook = [{ hooks: [{ type: 'command', command: `echo ran >> ${hookMark}` }] }];
  writeFileSync(
    join(dir, '.claude', 'settings.json'),
    JSON.stringify({
      env: { ANTHROPIC_BASE_URL: model.url, ANTHROPIC_AUTH_TOKEN: GATEWAY_TOKEN },
      hooks: { SessionStart: hook, UserPromptSubmit: hook, Stop: hook },
    }),
  );
  return dir;
}

async function startWorker(s: Setup): Promise<WorkerRuntime> {
  const r = await runCli(['worker', 'start'], s.env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(readFileSync(join(s.dataDir, 'worker.json'), 'utf8')) as WorkerRuntime;
}

async function status(s: Setup): Promise<string> {
  const r = await runCli(['status'], s.env);
  return r.stdout + r.stderr;
}

function errorLog(dataDir: string): string {
  const dir = join(dataDir, 'logs');
  return existsSync(join(dir, 'worker-error.log')) ? readFileSync(join(dir, 'worker-error.log'), 'utf8') : '';
}

const childrenOf = (home: string) => processesMentioning(CLAUDE_BIN).concat(processesMentioning(fake.dir)).filter((pid) => envOf(pid).includes(`HOME=${home}`));

function envOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch (err) {
    void err; // gone
    return [];
  }
}

describe('provider claude-code with the real Claude Code CLI', () => {
  it('a real worker compresses a batch through the CLI: no tools, no hook of ours or the user\'s, no process left', async () => {
    const s = setup('real', {}, undefined);
    gatewayHome(s.home);
    // Our own plugin is installed for this user too: its hooks must not fire inside the agent's call.
    const installed = await runCli(['install'], s.env);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toMatch(/memory agent: claude-code/i);
    const env = { ...s.env, PATH: `${join(CLAUDE_BIN, '..')}:${s.env.PATH ?? ''}` };
    const before = model.requests.length;
    await startWorker({ ...s, env });
    await waitFor(() => queueCounts(s.db).compressed === 4, 'the turn to be compressed', 90_000);

    const sent = model.requests.slice(before).filter((r) => r.method === 'POST' && r.url.includes('/v1/messages'));
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) {
      const b = r.body as { tools?: unknown[]; messages: unknown[] };
      expect(b.tools ?? []).toEqual([]); // no tools offered to the model
      expect(r.headers.authorization).toBe(`Bearer ${GATEWAY_TOKEN}`); // the CLI's own settings
      expect(JSON.stringify(r.headers)).not.toContain('sk-ant-shell-key'); // not the shell's key
    }
    expect(JSON.stringify(sent.map((r) => r.body))).toContain('Fix the parser');
    expect(other.requests).toHaveLength(0);

    const titles = s.db.prepare('SELECT title FROM observations').all() as Array<{ title: string }>;
    expect(titles.map((t) => t.title)).toContain(GOOD_ANSWER.observations[0]!.title);
    const usage = s.db.prepare('SELECT SUM(input_tokens) AS i, SUM(output_tokens) AS o FROM usage').get() as { i: number; o: number } | undefined;
    expect(usage?.i ?? 0).toBeGreaterThan(0);
    // No hook ran inside the call: no user hook mark, no new session or prompt recorded by ours.
    expect(existsSync(join(s.home, 'user-hook-ran'))).toBe(false);
    expect((s.db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n).toBe(1);
    // Our installed hooks would record into the CLI's default data dir (the child gets no
    // CLAUDE_MEM_DATA_DIR): it must not exist.
    expect(existsSync(join(s.home, '.claude-mem'))).toBe(false);
    // Not in the user's `claude --resume` list.
    const projects = join(s.home, '.claude', 'projects');
    expect(existsSync(projects) ? readdirSync(projects, { recursive: true }).filter((f) => String(f).endsWith('.jsonl')) : []).toEqual([]);
    await waitFor(() => childrenOf(s.home).length === 0, 'no claude process to remain');
    expect(await status({ ...s, env })).toMatch(/provider: claude-code/);
    // `doctor --probe` makes one call through the same CLI and says what came back.
    const probe = await runCli(['doctor', '--probe'], env, 90_000);
    expect(probe.stdout).toMatch(/OK\s+probe\s+claude-code claude-haiku-4-5: model replied/);
    await waitFor(() => childrenOf(s.home).length === 0, 'no claude process to remain after the probe');
  }, 240_000);

  it('our hook exits at once inside the memory agent (the env marker), recording nothing', async () => {
    const dataDir = join(tmp, 'marker-data');
    mkdirSync(dataDir, { recursive: true });
    const payload = JSON.stringify({ session_id: 'inside-agent', hook_event_name: 'SessionStart', cwd: tmp, source: 'startup', transcript_path: '/dev/null' });
    const r = await runHook('SessionStart', payload, { ...childEnv(dataDir), CLAUDE_MEM_MEMORY_AGENT: '1' }, { script: HOOK });
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(existsSync(join(dataDir, 'memory.db'))).toBe(false);
  });

  it('not logged in: paused (auth) with the CLI\'s words and the fix; events stay queued', async () => {
    const s = setup('nologin', { CLAUDE_MEM_CLAUDE_PATH: CLAUDE_BIN });
    await startWorker(s);
    const out = await waitFor(async () => {
      const t = await status(s);
      return /paused: .*\(auth\)/.test(t) ? t : undefined;
    }, 'status to show the pause', 60_000);
    expect(out).toMatch(/Not logged in · Please run \/login/);
    expect(out).toMatch(/log the claude CLI in/);
    expect(queueCounts(s.db)).toMatchObject({ queued: 4, compressed: 0, raw: 0, failed: 0 });
    expect(errorLog(s.dataDir)).toMatch(/Not logged in/);
    expect(other.requests).toHaveLength(0);
  }, 120_000);

  it('claude missing: paused with a status line naming CLAUDE_MEM_CLAUDE_PATH; events stay queued', async () => {
    const s = setup('missing', { CLAUDE_MEM_CLAUDE_PATH: join(tmp, 'nowhere', 'claude') });
    await startWorker(s);
    const out = await waitFor(async () => {
      const t = await status(s);
      return /paused: /.test(t) ? t : undefined;
    }, 'status to show the pause', 60_000);
    expect(out).toMatch(/CLAUDE_MEM_CLAUDE_PATH is .*nowhere\/claude, which is not an executable file/);
    expect(queueCounts(s.db)).toMatchObject({ queued: 4, compressed: 0 });
    expect(other.requests).toHaveLength(0);
  }, 120_000);

  it.each([
    ['hang', /timed out after 2000 ms/, 2_000],
    ['non_json', /no JSON result.*Hello! I am not JSON/, 60_000],
    ['exit_2', /exit code 2.*panic: the fake CLI crashed/, 60_000],
  ] as Array<[FakeClaudeMode, RegExp, number]>)('%s: the last error says why, events are kept raw, no process left', async (mode, why, timeoutMs) => {
    const s = setup(`bad-${mode}`, {
      CLAUDE_MEM_CLAUDE_PATH: fake.bin,
      CLAUDE_MEM_MODEL_TIMEOUT_MS: timeoutMs,
      CLAUDE_MEM_MAX_ATTEMPTS: 1,
    });
    fake.setMode(mode);
    await startWorker(s);
    await waitFor(() => queueCounts(s.db).raw === 4, 'the events to be kept raw', 60_000);
    const out = await status(s);
    expect(out).toMatch(new RegExp(`last error: \\w+ .*${why.source}`));
    expect(errorLog(s.dataDir)).toMatch(why);
    expect(other.requests).toHaveLength(0);
    await waitFor(() => childrenOf(s.home).length === 0, 'no claude process to remain');
  }, 120_000);

  it('kill -9 of the worker mid-call: the hung CLI and its children die with it', async () => {
    const s = setup('kill9', { CLAUDE_MEM_CLAUDE_PATH: fake.bin, CLAUDE_MEM_MODEL_TIMEOUT_MS: 600_000 });
    fake.setMode('hang');
    const rt = await startWorker(s);
    // Watchdog, CLI and the CLI's own child are all running.
    await waitFor(() => childrenOf(s.home).length >= 3, 'the hung CLI to run', 60_000);
    process.kill(rt.pid, 'SIGKILL');
    await waitFor(() => workerPids(s.dataDir).length === 0, 'the worker to be gone');
    await waitFor(() => childrenOf(s.home).length === 0, 'the CLI and its children to die with the worker', 30_000);
    expect(queueCounts(s.db).processing).toBe(4); // leased; the next worker recovers them
  }, 120_000);
});

describe('first run: no provider can work', () => {
  it('install asks nothing, names the active memory agent and the fix; the next session-start memory says once how to fix it', async () => {
    const base = join(tmp, 'firstrun');
    const dataDir = join(base, 'data');
    const home = join(base, 'home');
    const project = join(base, 'proj');
    mkdirSync(project, { recursive: true });
    mkdirSync(home, { recursive: true });
    dataDirs.push(dataDir);
    // The default provider (`claude`) with no key anywhere, and a `claude` CLI on PATH.
    const env = childEnv(dataDir, { HOME: home, PATH: `${fake.dir}:${process.env.PATH ?? ''}` });
    const installed = await runCli(['install'], env); // stdin is not a terminal: nothing may be asked
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toMatch(/Memory agent: claude, but it cannot work yet: No ANTHROPIC_API_KEY/);
    expect(installed.stdout).toContain('claude-mem config set CLAUDE_MEM_PROVIDER claude-code');
    // No claude anywhere on PATH (vitest puts node_modules/.bin, with the real one, first).
    const noClaude = (process.env.PATH ?? '').split(':').filter((d) => !d.includes('node_modules')).join(':');
    const noCli = await runCli(['install'], { ...env, PATH: noClaude });
    expect(noCli.stdout).toMatch(/install Claude Code and run: claude-mem config set CLAUDE_MEM_PROVIDER claude-code/);

    const db = openStore(join(dataDir, 'memory.db'));
    const now = new Date().toISOString();
    addTurn(db, seedSession(db, now, 'proj', 'first-run'), { now, tools: 2, turnEnd: true });
    expect((await runCli(['worker', 'start'], env)).code).toBe(0);
    await waitFor(() => (db.prepare("SELECT COUNT(*) AS n FROM queue WHERE last_error_kind = 'auth'").get() as { n: number }).n > 0, 'the worker to try and pause', 60_000);

    const start = async (id: string) => {
      const payload = JSON.stringify({ session_id: id, hook_event_name: 'SessionStart', cwd: project, source: 'startup', transcript_path: '/dev/null' });
      const r = await runHook('SessionStart', payload, env);
      expect(r.code).toBe(0);
      return r.stdout;
    };
    const first = await start('s1');
    expect(first).toMatch(/claude-mem setup needed.*No ANTHROPIC_API_KEY.*CLAUDE_MEM_PROVIDER claude-code/);
    const second = await start('s2');
    expect(second).not.toContain('setup needed'); // once, not in every session
    expect(queueCounts(db)).toMatchObject({ queued: 3, raw: 0 }); // waiting, never a silent raw
    db.close();
  }, 180_000);
});
