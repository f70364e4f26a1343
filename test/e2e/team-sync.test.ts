// Team memory end to end: a real PostgreSQL (test/helpers/postgres.ts), a real team server process
// (dist/bin/server.js), and two "machines" — two data dirs, each with its own worker process and a
// clone of the same repository at a different path (remotes written in two different forms).
// Capture goes through the real hook; sharing through `claude-mem team share`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, migrate } from '../../src/server';
import { findProjectByRoot, insertObservation, openStore, type Db } from '../../src/store';
import { fixture, runHook } from '../helpers/hook-run';
import { freePort, startPostgres, type TestPostgres } from '../helpers/postgres';
import { childEnv, waitFor, WORKER, ROOT } from '../helpers/worker-procs';

const SERVER = join(ROOT, 'dist/bin/server.js');
const SHELL_DECOY_KEY = 'cmk_SHELLDEC_' + 'x'.repeat(43);

let pgc: TestPostgres;
let dbUrl: string;
let pool: pg.Pool;
let tmp: string;
let port: number;
let server: ChildProcess | undefined;
let serverDir: string;
const keys = { alice: '', bob: '' };

interface Machine {
  name: string;
  dataDir: string;
  repo: string;
  env: NodeJS.ProcessEnv;
  worker?: ChildProcess;
}
let A: Machine;
let B: Machine;
/** B's other repository, never shared. */
let secretRepo: string;

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

function repo(path: string, remote?: string): string {
  mkdirSync(path, { recursive: true });
  git(path, 'init', '-q');
  if (remote) git(path, 'remote', 'add', 'origin', remote);
  return realpathSync(path);
}

function machine(name: string, repoPath: string, key: string, url = `http://127.0.0.1:${port}`): Machine {
  const dataDir = join(tmp, `data-${name}`);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({ CLAUDE_MEM_PROVIDER: 'offline', CLAUDE_MEM_TEAM_URL: url, CLAUDE_MEM_TEAM_SYNC_SECONDS: 1 }),
  );
  writeFileSync(join(dataDir, '.env'), `CLAUDE_MEM_TEAM_KEY=${key}\n`, { mode: 0o600 });
  // A key in the shell must never be used: only the data dir's .env counts.
  const env = childEnv(dataDir, { HOME: join(tmp, `home-${name}`), CLAUDE_MEM_PROVIDER: 'offline' });
  env.CLAUDE_MEM_TEAM_KEY = SHELL_DECOY_KEY;
  return { name, dataDir, repo: repoPath, env };
}

async function startServer(): Promise<void> {
  const child = spawn(process.execPath, [SERVER, '--port', String(port)], {
    env: { PATH: process.env.PATH, CLAUDE_MEM_DATA_DIR: serverDir, HOME: serverDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(() => fetch(`http://127.0.0.1:${port}/v1/health`).then((r) => r.ok, () => false), 'the team server', 30_000);
  server = child;
}

async function stopServer(signal: NodeJS.Signals): Promise<void> {
  const child = server;
  server = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

function startWorker(m: Machine): void {
  m.worker = spawn(process.execPath, [WORKER], { env: m.env, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function stopWorker(m: Machine): Promise<void> {
  const w = m.worker;
  if (!w || w.exitCode !== null) return;
  const exited = new Promise((r) => w.once('exit', r));
  w.kill('SIGTERM');
  await exited;
}

/** The CLI without blocking this process (an in-test fake server must keep answering meanwhile). */
function cliAsync(m: Machine, args: string[], cwd = m.repo): Promise<{ code: number | null; all: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/bin/cli.js'), ...args], { cwd, env: m.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let all = '';
    child.stdout.on('data', (d: Buffer) => (all += d.toString()));
    child.stderr.on('data', (d: Buffer) => (all += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, all }));
  });
}

function cli(m: Machine, args: string[], cwd = m.repo) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/bin/cli.js'), ...args], { cwd, env: m.env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, all: r.stdout + r.stderr };
}

/** One captured tool use and the end of its turn, through the real hook, as Claude Code sends them. */
async function capture(m: Machine, cwd: string, session: string, command: string): Promise<void> {
  const base = { session_id: session, cwd, transcript_path: join(tmp, `${session}.jsonl`) };
  for (const [event, payload] of [
    ['UserPromptSubmit', { ...fixture('2.1.332', 'UserPromptSubmit', tmp), ...base, prompt: `run ${command}` }],
    ['PostToolUse', { ...fixture('2.1.332', 'PostToolUse(Bash)', tmp), ...base, tool_input: { command }, tool_response: { stdout: command, stderr: '', interrupted: false }, tool_use_id: `toolu_${command}` }],
    ['Stop', { ...fixture('2.1.332', 'Stop', tmp), ...base }],
  ] as const) {
    const r = await runHook(event, JSON.stringify(payload), m.env);
    expect(r.code).toBe(0);
  }
}

function withDb<T>(m: Machine, body: (db: Db) => T): T {
  const db = openStore(join(m.dataDir, 'memory.db'));
  try {
    return body(db);
  } finally {
    db.close();
  }
}

const localTitles = (m: Machine, like: string) =>
  withDb(m, (db) => db.prepare('SELECT title, author FROM observations WHERE title LIKE ? ORDER BY id').all(`%${like}%`) as Array<{ title: string; author: string | null }>);

const serverCount = async (like: string) =>
  Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM observations WHERE title LIKE $1', [`%${like}%`])).rows[0]?.n);

const backlog = (m: Machine) => withDb(m, (db) => (db.prepare('SELECT COUNT(*) AS n FROM team_outbox').get() as { n: number }).n);

beforeAll(async () => {
  pgc = await startPostgres();
  dbUrl = pgc.createDatabase('team_sync');
  pool = new pg.Pool({ connectionString: dbUrl });
  await migrate(pool);
  keys.alice = (await addUser(pool, 'alice', 'acme')).key;
  keys.bob = (await addUser(pool, 'bob', 'acme')).key;
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'cm-teamsync-')));
  serverDir = join(tmp, 'server');
  mkdirSync(serverDir, { mode: 0o700 });
  writeFileSync(join(serverDir, '.env'), `CLAUDE_MEM_SERVER_DATABASE_URL=${dbUrl}\n`, { mode: 0o600 });
  port = await freePort();
  await startServer();
  A = machine('a', repo(join(tmp, 'a', 'code', 'app'), 'git@github.com:Acme/App.git'), keys.alice);
  B = machine('b', repo(join(tmp, 'b', 'work', 'app-clone'), 'https://GitHub.com/Acme/App'), keys.bob);
  secretRepo = repo(join(tmp, 'b', 'work', 'secret'), 'git@github.com:Bob/Secret.git');
  for (const m of [A, B]) {
    expect(cli(m, ['team', 'share']).code).toBe(0);
    startWorker(m);
  }
}, 180_000);

afterAll(async () => {
  for (const m of [A, B]) if (m) await stopWorker(m);
  await stopServer('SIGTERM');
  await pool?.end();
  pgc?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('two machines, one shared repository', () => {
  it('what A captured reaches B (search and session start) after one sync; B\'s unshared project never reaches the server', async () => {
    // B captures in its unshared repository first: it must stay on B.
    await capture(B, secretRepo, 'sess-b-secret', 'echo zebra-private-plan');
    await waitFor(() => localTitles(B, 'zebra-private-plan').length > 0, 'B storing its private note', 60_000);

    await capture(A, A.repo, 'sess-a-1', 'echo flamingo-cache-warmup');
    const onB = await waitFor(() => localTitles(B, 'flamingo-cache-warmup')[0], 'A\'s note on B', 90_000);
    expect(onB.author).toBe('alice');

    const search = cli(B, ['search', 'flamingo']);
    expect(search.code).toBe(0);
    expect(search.stdout).toMatch(/\(by alice\): Bash: echo flamingo-cache-warmup/);
    expect(cli(B, ['search', 'flamingo', '--team']).stdout).toContain('flamingo-cache-warmup');
    expect(cli(B, ['search', 'flamingo', '--mine']).stdout).not.toContain('flamingo-cache-warmup');
    // A's own copy is A's: no author mark.
    const own = cli(A, ['search', 'flamingo']);
    expect(own.stdout).toContain('flamingo-cache-warmup');
    expect(own.stdout).not.toContain('(by ');

    const start = await runHook('SessionStart', JSON.stringify({ ...fixture('2.1.332', 'SessionStart(startup)', tmp), session_id: 'sess-b-2', cwd: B.repo }), B.env);
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/\(by alice\) Bash: echo flamingo-cache-warmup/);

    // A note B makes in the shared clone goes the other way; by then B's private note, stored
    // earlier, would have been pushed too if anything unshared ever left the machine.
    await capture(B, B.repo, 'sess-b-3', 'echo okapi-deploy-notes');
    await waitFor(() => localTitles(A, 'okapi-deploy-notes')[0]?.author === 'bob', 'B\'s note on A', 90_000);
    expect(await serverCount('zebra-private-plan')).toBe(0);
    expect(await serverCount('flamingo-cache-warmup')).toBe(1);
    const projects = await pool.query<{ remote: string }>('SELECT remote FROM projects ORDER BY remote');
    expect(projects.rows.map((r) => r.remote)).toEqual(['github.com/Acme/App']);
    const everything = JSON.stringify((await pool.query('SELECT * FROM observations')).rows);
    expect(everything).not.toContain('zebra');
    expect(everything).not.toContain(SHELL_DECOY_KEY);
  }, 240_000);

  it('forget on A propagates to B as a tombstone', async () => {
    const id = withDb(A, (db) => (db.prepare("SELECT id FROM observations WHERE title LIKE '%flamingo-cache-warmup%'").get() as { id: number }).id);
    expect(cli(A, ['forget', String(id), '--yes']).code).toBe(0);
    await waitFor(() => localTitles(B, 'flamingo-cache-warmup').length === 0, 'the forget on B', 90_000);
    expect(await serverCount('flamingo-cache-warmup')).toBe(0);
  }, 120_000);
});

describe('team share and team status: clear answers', () => {
  it('a repository without a remote cannot be shared, and the command says why', () => {
    const bare = repo(join(tmp, 'b', 'no-remote'));
    const r = cli(B, ['team', 'share'], bare);
    expect(r.code).not.toBe(0);
    expect(r.all).toContain('has no git remote, so it cannot be shared');
  });

  it('status shows the server, last sync and backlog; the key only as a fingerprint', () => {
    const r = cli(A, ['team', 'status']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`http://127.0.0.1:${port}`);
    expect(r.stdout).toContain('Key:         accepted');
    expect(r.stdout).toMatch(/github\.com\/Acme\/App[\s\S]*last sync: 20\d\d-[\s\S]*backlog: 0/);
    expect(r.all).not.toContain(keys.alice);
  });

  it('a wrong key, an unreachable server, another API version and clock skew each get a clear error', async () => {
    const wrong = machine('wrongkey', A.repo, 'cmk_AAAAAAAA_' + 'b'.repeat(43));
    const w = cli(wrong, ['team', 'status']);
    expect(w.code).not.toBe(0);
    expect(w.all).toContain('refused the key (401)');
    expect(w.all).toContain('CLAUDE_MEM_TEAM_KEY');
    expect(w.all).not.toContain('b'.repeat(43));

    const down = machine('down', A.repo, keys.alice, `http://127.0.0.1:${await freePort()}`);
    expect(cli(down, ['team', 'status']).all).toContain('did not answer');

    const fake = await fakeServer((res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, version: '9.0.0', apiVersion: 'v2', schemaVersion: 9, vector: false }));
    });
    try {
      const other = machine('other', A.repo, keys.alice, `http://127.0.0.1:${fake.port}`);
      expect((await cliAsync(other, ['team', 'status'])).all).toContain('speaks API v2');
    } finally {
      fake.server.close();
    }

    const skewed = await fakeServer((res, path) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('date', new Date(Date.now() + 3_600_000).toUTCString());
      res.end(path.startsWith('/v1/health') ? JSON.stringify({ ok: true, version: 't', apiVersion: 'v1', schemaVersion: 1, vector: false }) : JSON.stringify({ hits: [] }));
    });
    try {
      const late = machine('late', A.repo, keys.alice, `http://127.0.0.1:${skewed.port}`);
      expect((await cliAsync(late, ['team', 'status'])).all).toMatch(/clock is 60 minutes behind the team server/);
    } finally {
      skewed.server.close();
    }
  });
});

describe('offline and crashes', () => {
  function addObservations(m: Machine, prefix: string, n: number): void {
    withDb(m, (db) => {
      const projectId = findProjectByRoot(db, m.repo)?.id as number;
      db.transaction(() => {
        for (let i = 0; i < n; i++) {
          insertObservation(db, {
            projectId, sessionId: null, promptNumber: null, type: 'discovery', title: `${prefix} ${i}`, subtitle: '', facts: [`fact ${i}`],
            narrative: '', concepts: [], filesRead: [], filesModified: [], createdAt: new Date().toISOString(), model: null, origin: 'raw',
          });
        }
      }).immediate();
    });
  }

  it('a client offline for 1,000 events catches up exactly once when the server returns', async () => {
    await stopServer('SIGTERM');
    addObservations(A, 'offline-walrus', 1000);
    // The worker tries, fails, keeps the records queued and says so.
    await waitFor(() => /did not answer/.test(cli(A, ['team', 'status']).all), 'team status to report the server down', 60_000);
    expect(backlog(A)).toBe(1000);
    await startServer();
    await waitFor(() => localTitles(B, 'offline-walrus').length === 1000, 'all 1000 on B', 180_000);
    expect(backlog(A)).toBe(0);
    expect(await serverCount('offline-walrus')).toBe(1000);
    const dupes = await pool.query("SELECT uid FROM observations WHERE title LIKE 'offline-walrus%' GROUP BY uid HAVING count(*) > 1");
    expect(dupes.rows).toEqual([]);
    // Exactly once: each record went into the change log once (no re-push changed anything).
    const seqs = await pool.query<{ n: string }>("SELECT count(DISTINCT seq) AS n FROM observations WHERE title LIKE 'offline-walrus%'");
    expect(Number(seqs.rows[0]?.n)).toBe(1000);
    expect(new Set(localTitles(B, 'offline-walrus').map((r) => r.title)).size).toBe(1000);
  }, 300_000);

  it('server kill -9 and restart while both clients push: nothing lost, nothing duplicated', async () => {
    addObservations(A, 'crash-heron', 1500);
    addObservations(B, 'crash-ibis', 1500);
    // Kill it once pushing is under way.
    const arrived = async () => (await serverCount('crash-heron')) + (await serverCount('crash-ibis'));
    await waitFor(async () => (await arrived()) > 0, 'pushes to start', 60_000);
    await stopServer('SIGKILL');
    // Six pushes of 500 take seconds; the kill came after the first, so the rest was still to go.
    expect(await arrived()).toBeLessThan(3000);
    await startServer();
    await waitFor(() => backlog(A) === 0 && backlog(B) === 0, 'both outboxes to drain', 180_000);
    await waitFor(() => localTitles(B, 'crash-heron').length === 1500 && localTitles(A, 'crash-ibis').length === 1500, 'both sides to pull everything', 180_000);
    expect(await serverCount('crash-heron')).toBe(1500);
    expect(await serverCount('crash-ibis')).toBe(1500);
    expect(localTitles(A, 'crash-heron').length).toBe(1500);
    expect(localTitles(B, 'crash-ibis').length).toBe(1500);
    expect(localTitles(B, 'crash-heron').every((r) => r.author === 'alice')).toBe(true);
  }, 400_000);
});

describe('secrets', () => {
  it('the team keys never appear in the clients\' logs or `config` output', () => {
    for (const [m, key] of [[A, keys.alice], [B, keys.bob]] as const) {
      const logs = readdirSync(join(m.dataDir, 'logs')).map((f) => readFileSync(join(m.dataDir, 'logs', f), 'utf8')).join('\n');
      expect(logs).toContain('Team sync');
      expect(logs).not.toContain(key);
      const config = cli(m, ['config']);
      expect(config.all).toMatch(/CLAUDE_MEM_TEAM_KEY.*sha256:/);
      expect(config.all).not.toContain(key);
    }
  });
});

async function fakeServer(answer: (res: import('node:http').ServerResponse, path: string) => void): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => answer(res, req.url ?? '/'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as { port: number }).port };
}
