// A real, throwaway PostgreSQL for the team-server tests: initdb into a temp dir, start it on a free
// loopback port, stop it and remove the dir afterwards. Nothing is skipped silently: without the
// binaries the suite fails and says what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPostgres {
  /** postgres://claude_mem:<password>@127.0.0.1:<port>/<db> */
  url: string;
  password: string;
  port: number;
  /** A fresh, empty database on the same cluster (each test file can have its own). */
  createDatabase(name: string): string;
  stop(): void;
}

/** Where initdb lives: the newest /usr/lib/postgresql/<n>/bin, or PATH. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], 'bin');
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return join(which.stdout.trim(), '..');
  throw new Error(
    'PostgreSQL binaries (initdb, pg_ctl) not found: the team-server tests need a real PostgreSQL. ' +
      'Install it: `apt-get install -y postgresql` (Debian/Ubuntu) or put initdb on PATH.',
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const isRoot = process.getuid?.() === 0;

/** Run a PostgreSQL binary as the `postgres` user when we are root (initdb refuses root). */
function runPg(bin: string, args: string[]): string {
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'cm-pg-'));
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const sock = join(dir, 'sock');
  const pwFile = join(dir, 'pw');
  const password = `pw-${Math.random().toString(36).slice(2)}-secret`;
  writeFileSync(pwFile, password);
  if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  runPg(join(bin, 'initdb'), ['-D', data, '-U', 'claude_mem', '--pwfile', pwFile, '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync', '-E', 'UTF8']);
  runPg('/bin/mkdir', ['-p', sock]);
  const port = await freePort();
  runPg(join(bin, 'pg_ctl'), [
    '-D', data, '-l', join(dir, 'pg.log'), '-w', '-t', '60',
    '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${sock} -c fsync=off -c max_connections=100`,
    'start',
  ]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      runPg(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const urlFor = (db: string) => `postgres://claude_mem:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  const createDatabase = (name: string) => {
    runPg(join(bin, 'psql'), ['-h', sock, '-p', String(port), '-U', 'claude_mem', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE "${name}"`]);
    return urlFor(name);
  };
  return { url: urlFor('postgres'), password, port, createDatabase, stop };
}
