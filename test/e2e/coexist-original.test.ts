// Acceptance: a user switches from the original claude-mem (13.15.3). On a copy of a data dir it
// wrote, with its settings.json as is, our worker starts, a whole Claude Code turn is captured,
// compressed, found by `claude-mem search` and shown at the next session start; and afterwards
// every file of the original's (database, logs, backups, markers, settings.json) is byte-identical.
import { mkdirSync, readFileSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerRuntime } from '../../src/contracts';
import { openStore, queueCounts } from '../../src/store';
import { fixture, runHook } from '../helpers/hook-run';
import { copyOriginalDataDir, hashOriginalFiles, ORIGINAL_DATADIR } from '../helpers/original-datadir';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm';
import { workerAnswer } from '../helpers/fake-llm-fixtures';
import { runCli, waitFor, workerPids } from '../helpers/worker-procs';

const ORIGINAL_PORT = 37700; // CLAUDE_MEM_WORKER_PORT in the fixture's settings.json

describe('switching from the original claude-mem, sharing its data dir', { timeout: 120_000 }, () => {
  let root: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let before: Record<string, string>;
  let fake: FakeLlm;
  let foreign: { server: Server; hits: number } | undefined;
  // Every change to an entry of the data dir, its logs/ and backups/ (inotify sees other processes' writes too).
  const touched: string[] = [];
  const watchers: FSWatcher[] = [];
  const session = (id: string, key: string) => ({ ...fixture('2.1.197', key, root), session_id: id });

  beforeAll(async () => {
    ({ root, dataDir } = copyOriginalDataDir('.claude-mem'));
    mkdirSync(join(root, 'work'));
    before = hashOriginalFiles(dataDir);
    for (const sub of ['', 'logs', 'backups']) {
      watchers.push(watch(join(dataDir, sub), (_event, name) => void (name && touched.push(join(sub, name)))));
    }
    fake = await startFakeLlm('anthropic', () => workerAnswer(fake.requests.length));
    // Our credentials live in our .env (a file the original does not have).
    writeFileSync(join(dataDir, '.env'), `ANTHROPIC_BASE_URL=${fake.url}\nANTHROPIC_API_KEY=sk-ant-test-key\n`, { mode: 0o600 });
    // The original's plugin is still enabled in Claude Code.
    mkdirSync(join(root, '.claude'));
    writeFileSync(join(root, '.claude/settings.json'), JSON.stringify({ enabledPlugins: { 'claude-mem@thedotmack': true } }));
    // The original's worker holds the shared port: a foreign HTTP server stands in for it (when
    // something else on this machine holds 37700 already, that is just as foreign to us).
    foreign = await holdPort(ORIGINAL_PORT);
    env = { HOME: root, PATH: process.env.PATH ?? '', CLAUDE_MEM_DATA_DIR: dataDir };
  });

  afterAll(async () => {
    for (const w of watchers) w.close();
    await runCli(['worker', 'stop'], env).catch((err: unknown) => void err);
    for (const pid of workerPids(dataDir)) process.kill(pid, 'SIGKILL');
    await fake.close();
    await new Promise<void>((r) => (foreign ? foreign.server.close(() => r()) : r()));
    rmSync(root, { recursive: true, force: true });
  });

  it('the worker starts with the original settings.json, on a free port since the shared one is taken', async () => {
    const start = await runCli(['worker', 'start'], env);
    expect(start.code, start.stderr).toBe(0);
    const rt = JSON.parse(readFileSync(join(dataDir, 'worker.json'), 'utf8')) as WorkerRuntime;
    expect(rt.port).not.toBe(ORIGINAL_PORT);
    expect(rt.heldPort).toBe(ORIGINAL_PORT);
    const log = readFileSync(join(dataDir, 'logs', `worker-${new Date().toISOString().slice(0, 10)}.log`), 'utf8');
    expect(log).toContain(`port ${ORIGINAL_PORT} (CLAUDE_MEM_WORKER_PORT) is held by another process`);
  });

  it('captures a whole turn through the hooks, and the worker compresses it', async () => {
    for (const key of ['SessionStart(startup)', 'UserPromptSubmit', 'PostToolUse(Bash)', 'Stop']) {
      const r = await runHook(key.replace(/\(.*$/, ''), JSON.stringify(session('switch-1', key)), env);
      expect(r.code, key).toBe(0);
    }
    const db = openStore(join(dataDir, 'memory.db'), { readonly: true });
    try {
      await waitFor(() => {
        const c = queueCounts(db);
        return c.queued + c.processing === 0 && c.compressed >= 2;
      }, 'the turn to be compressed', 60_000);
      expect(queueCounts(db).failed).toBe(0);
    } finally {
      db.close();
    }
    expect(fake.requests.length).toBeGreaterThan(0);
  });

  it('`claude-mem search` finds it and the next SessionStart shows it', async () => {
    const found = await runCli(['search', 'Finding', '--all'], env);
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout).toContain('Finding 1a');
    const next = await runHook('SessionStart', JSON.stringify(session('switch-2', 'SessionStart(startup)')), env);
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('Finding 1a');
  });

  it('status, doctor and config explain what is shared: the port, the pinned data dir, the other plugin', async () => {
    const status = await runCli(['status'], env);
    expect(status.code, status.stderr).toBe(0);
    const doctor = await runCli(['doctor'], env);
    for (const [name, r] of [['status', status], ['doctor', doctor]] as const) {
      const text = r.stdout + r.stderr;
      expect(text, name).toContain(`port ${ORIGINAL_PORT} (CLAUDE_MEM_WORKER_PORT) is held by another process`);
      expect(text, name).toContain('claude plugin disable claude-mem@thedotmack');
      expect(text, name).toContain('pins CLAUDE_MEM_DATA_DIR to /home/dev/.claude-mem');
    }
    const config = await runCli(['config'], env);
    expect(config.code, config.stderr).toBe(0);
    expect(config.stdout).toMatch(/70 key\(s\) in .* belong to the original claude-mem/);
    expect(config.stdout).toMatch(/CLAUDE_MEM_LOG_LEVEL +"info" +\(file\)/);
  });

  it('nothing we run touches the original files: every one is byte-identical afterwards', async () => {
    // Commands that delete or write: our forget (the original's projects are not in our database),
    // uninstall (nothing installed), then stop the worker.
    const forget = await runCli(['forget', '--project', 'webapp', '--yes'], env);
    expect(forget.stderr).toContain('No project named "webapp"');
    const forgetOurs = await runCli(['forget', '--project', 'work', '--yes'], env);
    expect(forgetOurs.code, forgetOurs.stderr).toBe(0);
    expect(forgetOurs.stdout).toMatch(/Deleted project work: [1-9]\d* observation/);
    expect((await runCli(['uninstall'], env)).code).toBe(0);
    expect((await runCli(['worker', 'stop'], env)).code).toBe(0);
    expect(hashOriginalFiles(dataDir)).toEqual(before);
    // Not even opened for writing: SQLite would have created claude-mem.db-wal/-shm, if only for a moment.
    await new Promise((r) => setTimeout(r, 200));
    const originals = new Set(Object.keys(before));
    expect([...new Set(touched.filter((t) => originals.has(t)))]).toEqual([]);
    expect(touched).toContain('memory.db'); // the watchers do see our files come and go
    if (foreign) expect(foreign.hits).toBe(0); // hooks and the CLI found our worker through worker.json
  });

  it('config set changes only its key and keeps every key of the original', async () => {
    const original = JSON.parse(readFileSync(join(ORIGINAL_DATADIR, 'settings.json'), 'utf8')) as Record<string, string>;
    const set = await runCli(['config', 'set', 'CLAUDE_MEM_CONTEXT_OBSERVATIONS', '40'], env);
    expect(set.code, set.stderr).toBe(0);
    const after = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Record<string, string>;
    expect(after).toEqual({ ...original, CLAUDE_MEM_CONTEXT_OBSERVATIONS: '40' });
    const { ['settings.json']: _settings, ...rest } = hashOriginalFiles(dataDir);
    const { ['settings.json']: _before, ...restBefore } = before;
    void _settings;
    void _before;
    expect(rest).toEqual(restBefore);
  });
});

/** Listen on `port` with a plain HTTP server; undefined when something else holds it already. */
async function holdPort(port: number): Promise<{ server: Server; hits: number } | undefined> {
  const held = { server: undefined as unknown as Server, hits: 0 };
  held.server = createServer((_req, res) => {
    held.hits++;
    res.end('not claude-mem');
  });
  return new Promise((resolve, reject) => {
    held.server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(undefined) : reject(err)));
    held.server.listen(port, '127.0.0.1', () => resolve(held));
  });
}
