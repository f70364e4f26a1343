// The team server against a real PostgreSQL (test/helpers/postgres.ts): migrations, push/pull,
// team isolation on every route, revoked keys, search ranking, secrets kept out of logs, and a
// kill -9 in the middle of pushes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse, TeamItem } from '../../src/contracts';
import { createMemoryLogger } from '../../src/log';
import { addUser, migrate, revokeKey, schemaVersion, SCHEMA_VERSION, startTeamServer, type RunningTeamServer } from '../../src/server';
import { freePort, startPostgres, type TestPostgres } from '../helpers/postgres';

const REMOTE = 'git@github.com:Acme/App.git';
let pgc: TestPostgres;
let url: string;

beforeAll(async () => {
  pgc = await startPostgres();
  url = pgc.createDatabase('team_main');
}, 120_000);
afterAll(() => pgc?.stop());

function obs(uid: string, title: string, extra: Partial<Record<string, unknown>> = {}): TeamItem {
  return {
    kind: 'observation', uid, type: 'discovery', title, subtitle: '', facts: [], narrative: '', concepts: [],
    filesRead: [], filesModified: [], createdAt: '2026-12-01T10:00:00.000Z', ...extra,
  } as TeamItem;
}

function client(base: string, key: string) {
  const h = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  return {
    push: (items: TeamItem[], project = REMOTE) => fetch(`${base}/v1/push`, { method: 'POST', headers: h, body: JSON.stringify({ project, items }) }),
    pull: (since = '0', project = REMOTE, limit = 1000) =>
      fetch(`${base}/v1/pull?${new URLSearchParams({ project, since, limit: String(limit) })}`, { headers: h }),
    search: (q: string, project?: string) => fetch(`${base}/v1/search?${new URLSearchParams(project ? { q, project } : { q })}`, { headers: h }),
  };
}

async function pullAll(c: ReturnType<typeof client>, project = REMOTE, page = 7): Promise<PullResponse['changes']> {
  const out: PullResponse['changes'] = [];
  let since = '0';
  for (;;) {
    const res = await c.pull(since, project, page);
    if (res.status !== 200) throw new Error(`pull answered ${res.status}: ${await res.text()}`);
    const r = (await res.json()) as PullResponse;
    out.push(...r.changes);
    since = r.cursor;
    if (!r.more) return out;
  }
}

describe('migrations', () => {
  it('are re-runnable and safe when servers start at once', async () => {
    const dbUrl = pgc.createDatabase('team_migrate');
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: dbUrl, max: 2 }));
    try {
      const applied = await Promise.all(pools.map((p) => migrate(p)));
      // Exactly one of the racers applied each migration; the others found it done.
      expect(applied.flat().sort()).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
      expect(await migrate(pools[0] as pg.Pool)).toEqual([]);
      expect(await schemaVersion(pools[0] as pg.Pool)).toBe(SCHEMA_VERSION);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });
});

describe('the /v1 API (in process)', () => {
  let server: RunningTeamServer;
  let base: string;
  const logger = createMemoryLogger();
  let keyX: string;
  let keyY: string;

  beforeAll(async () => {
    server = await startTeamServer({ databaseUrl: url, host: '127.0.0.1', port: 0, logger, version: 'test' });
    base = `http://127.0.0.1:${server.port}`;
    const pool = new pg.Pool({ connectionString: url });
    keyX = (await addUser(pool, 'alice', 'x')).key;
    keyY = (await addUser(pool, 'bob', 'y')).key;
    await pool.end();
  });
  afterAll(async () => server?.close());

  it('health needs no key and names the schema version', async () => {
    const r = await fetch(`${base}/v1/health`);
    expect(await r.json()).toMatchObject({ ok: true, version: 'test', apiVersion: 'v1', schemaVersion: SCHEMA_VERSION });
  });

  it('push then pull returns exactly what was pushed; a second push adds nothing', async () => {
    const x = client(base, keyX);
    const items: TeamItem[] = [
      obs('o-1', 'Auth uses JWT', { facts: ['tokens expire in 1h'], narrative: 'we looked', concepts: ['how-it-works'], filesRead: ['a.ts'], author: 'alice' }),
      { kind: 'summary', uid: 's-1', request: 'fix login', investigated: 'i', learned: 'l', completed: 'c', nextSteps: 'n', notes: '', createdAt: '2026-12-01T11:00:00.000Z' },
      ...Array.from({ length: 15 }, (_, i) => obs(`o-bulk-${i}`, `bulk ${i}`)),
    ];
    const first = (await (await x.push(items)).json()) as PushResponse;
    expect(first).toMatchObject({ project: 'github.com/Acme/App', applied: items.length, unchanged: 0 });
    const pulled = await pullAll(x, 'https://github.com/Acme/App');
    expect(pulled.map((c) => c.item)).toEqual(items);
    expect(pulled.every((c) => c.by === 'alice')).toBe(true);

    const again = (await (await x.push(items)).json()) as PushResponse;
    expect(again).toMatchObject({ applied: 0, unchanged: items.length, cursor: first.cursor });
    const after = (await (await x.pull(first.cursor)).json()) as PullResponse;
    expect(after).toMatchObject({ changes: [], cursor: first.cursor, more: false });

    // An edit and a forget are changes after the cursor; a forgotten uid stays forgotten.
    await x.push([obs('o-1', 'Auth uses JWT (RS256)'), { kind: 'tombstone', uid: 'o-bulk-0', record: 'observation' }]);
    await x.push([obs('o-bulk-0', 'bulk 0')]);
    const changes = ((await (await x.pull(first.cursor)).json()) as PullResponse).changes.map((c) => c.item);
    expect(changes).toEqual([obs('o-1', 'Auth uses JWT (RS256)'), { kind: 'tombstone', uid: 'o-bulk-0', record: 'observation' }]);
  });

  it('a key of team X gets nothing of team Y on any route', async () => {
    const y = client(base, keyY);
    const x = client(base, keyX);
    expect((await y.pull()).status).toBe(404);
    expect((await y.search('JWT', REMOTE)).status).toBe(404);
    expect(((await (await y.search('JWT')).json()) as { hits: unknown[] }).hits).toEqual([]);
    // Y pushing to the same remote and uid makes Y's own project and record; X's stay untouched.
    expect((await y.push([obs('o-1', 'Y was here')])).status).toBe(200);
    const xs = await pullAll(x);
    expect(xs.find((c) => c.item.uid === 'o-1')?.item).toMatchObject({ title: 'Auth uses JWT (RS256)' });
    expect((await pullAll(y)).map((c) => c.item.uid)).toEqual(['o-1']);
    expect((await y.push([{ kind: 'tombstone', uid: 'o-2-of-x', record: 'observation' }])).status).toBe(200);
    expect(xs.length).toBe((await pullAll(x)).length);
  });

  it('search ranks a title match above a narrative match', async () => {
    const x = client(base, keyX);
    await x.push([
      obs('r-narr', 'Something else', { narrative: 'the flamingo cache was slow' }),
      obs('r-title', 'Flamingo cache eviction'),
      obs('r-fact', 'Unrelated', { facts: ['flamingo cache size is 64MB'] }),
    ]);
    const r = (await (await x.search('flamingo cache', REMOTE)).json()) as { hits: Array<{ uid: string; by: string }> };
    expect(r.hits.map((h) => h.uid)).toEqual(['r-title', 'r-fact', 'r-narr']);
  });

  it('errors: bad key 401, bad body 400, unknown route 404, all as {error: {kind, message}}', async () => {
    const bad = client(base, 'cmk_AAAAAAAA_' + 'a'.repeat(43));
    const r401 = await bad.pull();
    expect(r401.status).toBe(401);
    expect(((await r401.json()) as { error: { kind: string } }).error.kind).toBe('unauthorized');
    const r400 = await fetch(`${base}/v1/push`, { method: 'POST', headers: { authorization: `Bearer ${keyX}` }, body: '{"project":"x"' });
    expect(r400.status).toBe(400);
    const r400b = await client(base, keyX).push([obs('', 'no uid')]);
    expect(((await r400b.json()) as { error: { kind: string } }).error.kind).toBe('validation');
    expect((await fetch(`${base}/v1/nope`, { headers: { authorization: `Bearer ${keyX}` } })).status).toBe(404);
  });

  it('a revoked key gets 401', async () => {
    const pool = new pg.Pool({ connectionString: url });
    const { key, prefix } = await addUser(pool, 'carol', 'x');
    expect((await client(base, key).pull()).status).toBe(200);
    expect(await revokeKey(pool, prefix)).toBe(prefix);
    await pool.end();
    expect((await client(base, key).pull()).status).toBe(401);
    expect((await client(base, key).push([obs('z', 'z')])).status).toBe(401);
  });

  it('keys and the database password never reach the log', () => {
    const text = JSON.stringify(logger.lines);
    expect(text).toContain('request');
    expect(text).not.toContain(keyX);
    expect(text).not.toContain(keyY);
    expect(text).not.toContain(pgc.password);
  });
});

describe('start-up failures', () => {
  it('a wrong database password fails start-up with a message that does not contain it', async () => {
    const wrong = 'Wr0ng-Secret-Pw';
    const bad = url.replace(encodeURIComponent(pgc.password), wrong);
    const logger = createMemoryLogger();
    const err = await startTeamServer({ databaseUrl: bad, host: '127.0.0.1', port: 0, logger, version: 't' }).then(
      () => null,
      (e: Error & { kind?: string; hint?: string }) => e,
    );
    expect(err?.kind).toBe('storage_busy');
    expect(err?.message).toContain('postgres://***@127.0.0.1');
    expect(`${err?.message} ${err?.hint} ${JSON.stringify(logger.lines)}`).not.toContain(wrong);
  });
});

describe('limits', () => {
  it('a key over its rate gets 429 with Retry-After; an oversized body gets 413', async () => {
    const server = await startTeamServer({
      databaseUrl: url, host: '127.0.0.1', port: 0, logger: createMemoryLogger(), version: 't', rate: { capacity: 3, perSecond: 0.01 }, maxBodyBytes: 2000,
    });
    try {
      const pool = new pg.Pool({ connectionString: url });
      const { key } = await addUser(pool, 'dave', 'x');
      await pool.end();
      const c = client(`http://127.0.0.1:${server.port}`, key);
      const big = await c.push([obs('big', 'x'.repeat(1900), { narrative: 'y'.repeat(1000) })]);
      expect(big.status).toBe(413);
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        const r = await c.pull();
        statuses.push(r.status);
        if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses).toEqual([200, 200, 429, 429]);
    } finally {
      await server.close();
    }
  });
});

describe('the server process (dist/bin/server.js)', () => {
  const ROOT = resolve(__dirname, '../..');
  let dataDir: string;
  let dbUrl: string;
  let key: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cm-team-'));
    dbUrl = pgc.createDatabase('team_proc');
    writeFileSync(join(dataDir, '.env'), `CLAUDE_MEM_SERVER_DATABASE_URL=${dbUrl}\n`, { mode: 0o600 });
    const pool = new pg.Pool({ connectionString: dbUrl });
    await migrate(pool);
    key = (await addUser(pool, 'erin', 'ops')).key;
    await pool.end();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function spawnServer(port: number): Promise<ChildProcess> {
    const child = spawn(process.execPath, [join(ROOT, 'dist/bin/server.js'), '--port', String(port)], {
      env: { PATH: process.env.PATH, CLAUDE_MEM_DATA_DIR: dataDir, HOME: dataDir },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let i = 0; i < 200; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/v1/health`).then((r) => r.ok, () => false);
      if (ok) return child;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('server did not start');
  }

  it('kill -9 while a client pushes; after restart a re-push loses nothing and duplicates nothing', async () => {
    const port = await freePort();
    let child = await spawnServer(port);
    const c = client(`http://127.0.0.1:${port}`, key);
    const batches = Array.from({ length: 40 }, (_, b) => Array.from({ length: 10 }, (_, i) => obs(`k-${b}-${i}`, `batch ${b} item ${i}`)));
    const acked = new Set<number>();
    let killed = false;
    const loop = (async () => {
      for (let b = 0; b < batches.length; b++) {
        const pending = c.push(batches[b] as TeamItem[]).catch(() => null);
        if (b === 12) {
          // Killed while this push is in flight: it may or may not have committed.
          child.kill('SIGKILL');
          killed = true;
        }
        const r = await pending;
        if (r?.ok) acked.add(b);
        else if (killed) break;
      }
    })();
    await loop;
    expect(killed).toBe(true);
    await new Promise<void>((r) => (child.exitCode !== null || child.signalCode ? r() : child.once('exit', () => r())));
    child = await spawnServer(port);
    try {
      // Every acknowledged push survived the kill.
      const before = new Set((await pullAll(c, REMOTE, 1000)).map((x) => x.item.uid));
      expect(acked.size).toBeGreaterThanOrEqual(12);
      for (const b of acked) for (const o of batches[b] ?? []) expect(before.has(o.uid)).toBe(true);
      // The client re-pushes every batch it did not see acknowledged (and, to be sure, the rest too).
      for (const batch of batches) expect((await c.push(batch as TeamItem[])).status).toBe(200);
      // Pages of 1000: the real server's rate limit (60 burst) must not be what this test measures.
      const all = await pullAll(c, REMOTE, 1000);
      const uids = all.map((x) => x.item.uid);
      expect(new Set(uids).size).toBe(uids.length);
      expect(uids.sort()).toEqual(batches.flat().map((o) => o.uid).sort());
      // Each uid appears once and the cursor is strictly increasing.
      const cursors = all.map((x) => BigInt(x.cursor));
      expect(cursors.every((v, i) => i === 0 || v > (cursors[i - 1] as bigint))).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    const logs = readdirSync(join(dataDir, 'logs')).map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8')).join('\n');
    expect(logs).toContain('listening');
    expect(logs).toContain(`${dbUrl.split('@')[1]}`);
    expect(logs).not.toContain(key);
    expect(logs).not.toContain(pgc.password);
  }, 120_000);
});

describe('claude-mem server (the CLI)', () => {
  const ROOT = resolve(__dirname, '../..');
  let dataDir: string;
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'dist/bin/cli.js'), ...args], {
      env: { PATH: process.env.PATH, CLAUDE_MEM_DATA_DIR: dataDir, HOME: dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cm-team-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('add-user prints a working key once; start, status, revoke-key, stop', async () => {
    const missing = cli(['server', 'add-user', 'ann', '--team', 'core']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr + missing.stdout).toContain('CLAUDE_MEM_SERVER_DATABASE_URL is not set');

    const dbUrl = pgc.createDatabase('team_cli');
    writeFileSync(join(dataDir, '.env'), `CLAUDE_MEM_SERVER_DATABASE_URL=${dbUrl}\n`, { mode: 0o600 });
    const added = cli(['server', 'add-user', 'ann', '--team', 'core']);
    expect(added.status).toBe(0);
    const key = /API key[^:]*: (\S+)/.exec(added.stdout)?.[1] as string;
    const id = /Key id: (\S+)/.exec(added.stdout)?.[1] as string;
    expect(key).toMatch(/^cmk_/);
    expect(key.startsWith(id)).toBe(true);

    const port = await freePort();
    const started = cli(['server', 'start', '--port', String(port)]);
    expect(started.stderr).toBe('');
    expect(started.status).toBe(0);
    try {
      expect(cli(['server', 'status']).stdout).toContain(`127.0.0.1:${port}`);
      const c = client(`http://127.0.0.1:${port}`, key);
      expect((await c.push([obs('cli-1', 'from the cli test')])).status).toBe(200);
      expect(cli(['server', 'revoke-key', id]).stdout).toContain(`Revoked ${id}`);
      expect((await c.pull()).status).toBe(401);
      const config = cli(['config']);
      expect(config.stdout + config.stderr).not.toContain(pgc.password);
    } finally {
      expect(cli(['server', 'stop']).status).toBe(0);
    }
    expect(cli(['server', 'status']).status).not.toBe(0);
    const logs = readdirSync(join(dataDir, 'logs')).map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8')).join('\n');
    expect(logs).not.toContain(key);
    expect(logs).not.toContain(pgc.password);
  }, 120_000);
});
