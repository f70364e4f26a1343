// A bad day, on real filesystems: a broken settings.json, a read-only data dir, a full disk, a
// database deleted under a running worker. Every test counts events: none may be lost. Each one
// is either in the database after recovery or replayed there from the spool.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvePaths } from '../../src/config';
import { openStore } from '../../src/store';
import { fixture, hookEnv, hookLogs, runHook } from '../helpers/hook-run';
import { mountTmpfs, tmpfsUnavailable, unmount } from '../helpers/tmpfs';
import { childEnv, runCli, waitFor, workerPids } from '../helpers/worker-procs';

const SESSION = 'bad-day-session';
const unavailable = tmpfsUnavailable(join(tmpdir(), `cm-badday-probe-${process.pid}`));
const cleanups: Array<() => void | Promise<void>> = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) {
    try {
      await c();
    } catch (err) {
      console.error('cleanup failed', err);
    }
  }
});

/** A run folder (project under work/, data dir under data/), removed after the test. */
function setup(): { run: string; dataDir: string } {
  const run = mkdtempSync(join(tmpdir(), 'cm-badday-'));
  mkdirSync(join(run, 'work'));
  const dataDir = join(run, 'data');
  mkdirSync(dataDir);
  cleanups.push(() => {
    rmSync(resolvePaths({ CLAUDE_MEM_DATA_DIR: dataDir }).spoolFallbackDir, { recursive: true, force: true });
    rmSync(run, { recursive: true, force: true });
  });
  return { run, dataDir };
}

function toolEvent(run: string, i: number): string {
  return JSON.stringify({
    ...fixture('2.1.197', 'PostToolUse(Bash)', run),
    session_id: SESSION,
    tool_use_id: `toolu_badday_${i}`,
    tool_response: { stdout: `output ${i} ${'x'.repeat(600)}`, stderr: '', interrupted: false },
  });
}

/** Run hooks for events `from`..`to-1`, a few at a time (Claude Code runs them concurrently too). */
async function toolHooks(run: string, dataDir: string, from: number, to: number, extra: Record<string, string> = {}): Promise<string> {
  let stderr = '';
  for (let i = from; i < to; i += 4) {
    const batch = [];
    for (let j = i; j < Math.min(to, i + 4); j++) batch.push(runHook('PostToolUse', toolEvent(run, j), hookEnv(dataDir, extra)));
    for (const r of await Promise.all(batch)) {
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      stderr += r.stderr;
    }
  }
  return stderr;
}

function storedKeys(dataDir: string): Set<string> {
  const file = join(dataDir, 'memory.db');
  if (!existsSync(file)) return new Set();
  const db = openStore(file, { readonly: true });
  try {
    const rows = db.prepare(`SELECT key FROM queue WHERE key LIKE '%toolu_badday_%'`).all() as Array<{ key: string }>;
    return new Set(rows.map((r) => r.key));
  } finally {
    db.close();
  }
}

function terminalKeys(dataDir: string): Set<string> {
  const db = openStore(join(dataDir, 'memory.db'), { readonly: true });
  try {
    const rows = db
      .prepare(`SELECT key FROM queue WHERE state IN ('compressed', 'raw') AND key LIKE '%toolu_badday_%'`)
      .all() as Array<{ key: string }>;
    return new Set(rows.map((r) => r.key));
  } finally {
    db.close();
  }
}

/** The turn ends: its events are ready for the worker. */
async function endTurn(run: string, dataDir: string): Promise<void> {
  const r = await runHook('Stop', JSON.stringify({ ...fixture('2.1.197', 'Stop', run), session_id: SESSION }), hookEnv(dataDir));
  expect(r.code).toBe(0);
}

const keys = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => `cc:${SESSION}:toolu_badday_${from + k}`);

function spoolFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function startWorker(dataDir: string): Promise<void> {
  const env = childEnv(dataDir, { CLAUDE_MEM_PROVIDER: 'offline' });
  const r = await runCli(['worker', 'start'], env);
  expect(r.code, r.stderr).toBe(0);
  cleanups.push(async () => {
    await runCli(['worker', 'stop'], env).catch((err: unknown) => void err);
    for (const pid of workerPids(dataDir)) process.kill(pid, 'SIGKILL');
  });
}

describe('a broken settings.json does not stop capture', () => {
  const broken: Array<[string, (file: string) => void]> = [
    ['a byte-order mark', (f) => writeFileSync(f, '\uFEFF{"CLAUDE_MEM_LOG_LEVEL": "info"}')],
    ['invalid JSON', (f) => writeFileSync(f, '{"CLAUDE_MEM_LOG_LEVEL": "info",')],
    ['a value of the wrong type', (f) => writeFileSync(f, '{"CLAUDE_MEM_REDACT_SECRETS": {"on": true}}')],
    ['a folder in its place', (f) => mkdirSync(f)],
  ];
  it.each(broken)('%s: events are spooled, reported, and replayed once it is fixed', { timeout: 120_000 }, async (_what, breakIt) => {
    const { run, dataDir } = setup();
    const settings = join(dataDir, 'settings.json');
    breakIt(settings);
    const stderr = await toolHooks(run, dataDir, 0, 6);
    expect(stderr).toMatch(/settings\.json.*Fix:/);
    expect(storedKeys(dataDir).size).toBe(0);
    expect(spoolFiles(join(dataDir, 'spool')).filter((n) => n.endsWith('.json'))).toHaveLength(6);
    expect(hookLogs(dataDir)).toMatch(/configuration is broken; event spooled/);

    const env = childEnv(dataDir, { CLAUDE_MEM_PROVIDER: 'offline' });
    const status = await runCli(['status'], env);
    expect(status.code).not.toBe(0);
    expect(status.stderr).toMatch(/6 events waiting in the spool/);
    expect(status.stderr).toMatch(/settings\.json/);
    const doctor = await runCli(['doctor'], env);
    expect(doctor.stdout).toMatch(/FAIL\s+config\s+.*settings\.json/);
    expect(doctor.stdout).toMatch(/WARN\s+spool\s+6 events waiting/);

    rmSync(settings, { recursive: true });
    await toolHooks(run, dataDir, 6, 7);
    expect([...storedKeys(dataDir)].sort()).toEqual(keys(0, 7).sort());
    expect(spoolFiles(join(dataDir, 'spool')).filter((n) => n.endsWith('.json'))).toEqual([]);
  });
});

describe.skipIf(unavailable !== undefined)(`real filesystems${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('a full disk: events go to the spool (no empty files), status says so, nothing is lost', { timeout: 300_000 }, async () => {
    const { run, dataDir } = setup();
    expect(mountTmpfs(dataDir, 'size=24m')).toBeUndefined();
    cleanups.push(() => unmount(dataDir));
    await toolHooks(run, dataDir, 0, 1);
    expect(statSync(join(dataDir, 'spool', 'reserve')).size).toBe(2 * 1024 * 1024);
    await startWorker(dataDir);

    // An empty WAL, so the database has no preallocated room to absorb writes; then fill the disk.
    const db = openStore(join(dataDir, 'memory.db'));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const ballast = join(dataDir, 'ballast');
    fillDisk(ballast);
    const stderr = await toolHooks(run, dataDir, 1, 151);
    expect(stderr).not.toMatch(/lost/);
    const spool = join(dataDir, 'spool');
    const files = spoolFiles(spool);
    expect(files.filter((n) => n.startsWith('lost-'))).toEqual([]);
    expect(files.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // Once the reserve is spent, spool files go to the temp-dir fallback.
    const fallback = resolvePaths({ CLAUDE_MEM_DATA_DIR: dataDir }).spoolFallbackDir;
    const spooled = [
      ...files.filter((n) => n.endsWith('.json')).map((n) => join(spool, n)),
      ...spoolFiles(fallback).filter((n) => n.endsWith('.json')).map((n) => join(fallback, n)),
    ];
    for (const f of spooled) expect(statSync(f).size).toBeGreaterThan(100);
    expect(spoolFiles(fallback).filter((n) => !n.endsWith('.json'))).toEqual([]);
    // The disk really was full: the reserve was given back, to spool files and to the database
    // (a hook that stores an event replays the spool, so most spooled events are stored already).
    expect(statSync(join(spool, 'reserve')).size).toBeLessThan(2 * 1024 * 1024);
    expect(spooled.length + storedKeys(dataDir).size).toBe(151);

    const env = childEnv(dataDir, { CLAUDE_MEM_PROVIDER: 'offline' });
    const status = await runCli(['status'], env);
    expect(status.stderr).toMatch(/is full/);
    if (spooled.length) expect(status.stderr).toMatch(new RegExp(`${spooled.length} events waiting in the spool`));
    expect((await runCli(['doctor'], env)).stdout).toMatch(/FAIL\s+disk\s+the disk holding .* is full/);

    unlinkSync(ballast);
    await toolHooks(run, dataDir, 151, 155); // each replays up to 50
    await endTurn(run, dataDir);
    expect(spoolFiles(spool).filter((n) => n.endsWith('.json'))).toEqual([]);
    expect(spoolFiles(fallback).filter((n) => n.endsWith('.json'))).toEqual([]);
    const all = keys(0, 155);
    expect([...storedKeys(dataDir)].sort()).toEqual([...all].sort());
    // The worker drains every one of them once the disk has room again.
    await waitFor(() => terminalKeys(dataDir).size === all.length, 'the worker to drain every event', 60_000);
    expect(statSync(join(spool, 'reserve')).size).toBe(2 * 1024 * 1024);
  });

  it('a read-only data dir: events go to the fallback spool, status says so, nothing is lost', { timeout: 180_000 }, async () => {
    const { run, dataDir } = setup();
    expect(mountTmpfs(dataDir, 'size=24m')).toBeUndefined();
    cleanups.push(() => unmount(dataDir));
    await startWorker(dataDir);
    await toolHooks(run, dataDir, 0, 5);
    await endTurn(run, dataDir);
    await waitFor(() => terminalKeys(dataDir).size === 5, 'the worker to drain the first events');
    // A read-only remount needs no file open for writing: stop the worker for it.
    await runCli(['worker', 'stop'], childEnv(dataDir));
    await waitFor(() => workerPids(dataDir).length === 0, 'the worker to stop');
    execFileSync('mount', ['-o', 'remount,ro', dataDir]);

    const stderr = await toolHooks(run, dataDir, 5, 25);
    expect(stderr).toMatch(/cannot be written.*kept in/);
    const fallback = resolvePaths({ CLAUDE_MEM_DATA_DIR: dataDir }).spoolFallbackDir;
    expect(spoolFiles(fallback).filter((n) => n.endsWith('.json'))).toHaveLength(20);
    const env = childEnv(dataDir, { CLAUDE_MEM_PROVIDER: 'offline' });
    const status = await runCli(['status'], env);
    expect(status.stderr).toMatch(/read-only filesystem/);
    expect(status.stderr).toMatch(/20 events waiting in the spool \(20 in /);

    execFileSync('mount', ['-o', 'remount,rw', dataDir]);
    await toolHooks(run, dataDir, 25, 26);
    await endTurn(run, dataDir);
    expect(spoolFiles(fallback).filter((n) => n.endsWith('.json'))).toEqual([]);
    await startWorker(dataDir);
    const all = keys(0, 26);
    expect([...storedKeys(dataDir)].sort()).toEqual([...all].sort());
    await waitFor(() => terminalKeys(dataDir).size === all.length, 'the worker to drain every event', 60_000);
  });

  it('when nothing can be written at all, the loss is counted and said on stderr', { timeout: 60_000 }, async () => {
    const { run, dataDir } = setup();
    expect(mountTmpfs(dataDir, 'size=24m')).toBeUndefined();
    cleanups.push(() => unmount(dataDir));
    await toolHooks(run, dataDir, 0, 1);
    execFileSync('mount', ['-o', 'remount,ro', dataDir]);
    // The fallback is unusable too: a file where its folder should be.
    const fallback = resolvePaths({ CLAUDE_MEM_DATA_DIR: dataDir }).spoolFallbackDir;
    rmSync(fallback, { recursive: true, force: true });
    mkdirSync(join(fallback, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(fallback, 'not a folder');
    const stderr = await toolHooks(run, dataDir, 1, 2);
    expect(stderr).toMatch(/claude-mem: a tool event was lost/);
    execFileSync('mount', ['-o', 'remount,rw', dataDir]);
  });
});

describe('the worker and a database file deleted under it', () => {
  it('notices, reopens the path, and serves and drains the new file', { timeout: 120_000 }, async () => {
    const { run, dataDir } = setup();
    await toolHooks(run, dataDir, 0, 3);
    await endTurn(run, dataDir);
    await startWorker(dataDir);
    await waitFor(() => terminalKeys(dataDir).size === 3, 'the worker to drain the first events');
    for (const f of ['memory.db', 'memory.db-wal', 'memory.db-shm']) rmSync(join(dataDir, f), { force: true });

    await toolHooks(run, dataDir, 3, 8);
    await endTurn(run, dataDir);
    expect([...storedKeys(dataDir)].sort()).toEqual(keys(3, 8).sort());
    await waitFor(() => terminalKeys(dataDir).size === 5, 'the worker to drain the new file', 30_000);
    const status = await runCli(['status', '--json'], childEnv(dataDir));
    const s = JSON.parse(status.stdout) as { running: boolean; queue: { raw: number; compressed: number } };
    expect(s.running).toBe(true);
    expect(s.queue.raw + s.queue.compressed).toBe(6); // the new file's 5 events and its turn end, from the worker
    const log = readdirSync(join(dataDir, 'logs'))
      .filter((f) => f.startsWith('worker-2'))
      .map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8'))
      .join('');
    expect(log).toMatch(/database file was replaced or removed; reopening/);
    expect(log).toMatch(/Database reopened/);
  });
});

/** Write until the disk is full: big chunks, then smaller ones down to one page. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (let size = 1024 * 1024; size >= 4096; size /= 2) {
      const buf = Buffer.alloc(size, 1);
      for (;;) {
        try {
          writeSync(fd, buf);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}
