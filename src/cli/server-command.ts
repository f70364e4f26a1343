import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MemError } from '../contracts';
import { addUser, DEFAULT_SERVER_PORT, migrate, openPool, readServerRuntime, revokeKey } from '../server';
import type { CliContext, Command } from './context';

const USAGE = `claude-mem server start [--host 127.0.0.1] [--port ${DEFAULT_SERVER_PORT}]
claude-mem server stop | status
claude-mem server add-user NAME --team TEAM     (prints the new API key once)
claude-mem server revoke-key KEY_ID_OR_KEY

The team server: team memory in PostgreSQL. Its database URL is CLAUDE_MEM_SERVER_DATABASE_URL
in the data dir's .env. See docs/team-server.md.`;

/** `claude-mem server …`: run the team server and manage its keys. */
export const serverCommand: Command = {
  name: 'server',
  summary: 'Run the team server (PostgreSQL) and manage its API keys.',
  usage: USAGE,
  async run(args, ctx) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'start':
        return start(rest, ctx);
      case 'stop':
        return stop(ctx);
      case 'status':
        return status(ctx);
      case 'add-user':
        return withPool(ctx, async (pool) => {
          const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { team: { type: 'string' } } });
          const [name] = positionals;
          if (!name || !values.team) throw new MemError('validation', 'add-user needs a NAME and --team TEAM.', { hint: USAGE.split('\n')[2] });
          const r = await addUser(pool, name, values.team);
          ctx.out.line(`${r.created ? 'Added' : 'New key for'} ${name} in team ${values.team}. Key id: ${r.prefix}`);
          ctx.out.line(`API key (shown once; store it now): ${r.key}`);
          return 0;
        });
      case 'revoke-key':
        return withPool(ctx, async (pool) => {
          const [key] = rest;
          if (!key) throw new MemError('validation', 'revoke-key needs a key id (cmk_…) or the key.', { hint: USAGE.split('\n')[3] });
          ctx.out.line(`Revoked ${await revokeKey(pool, key)}.`);
          return 0;
        });
      default:
        throw new MemError('validation', `Unknown server subcommand "${sub ?? ''}".`, { hint: USAGE });
    }
  },
};

function databaseUrl(ctx: CliContext): string {
  const cfg = ctx.config();
  const url = cfg.credentials.CLAUDE_MEM_SERVER_DATABASE_URL;
  if (!url) {
    throw new MemError('config_invalid', `CLAUDE_MEM_SERVER_DATABASE_URL is not set in ${cfg.paths.envPath}.`, {
      hint: 'Add CLAUDE_MEM_SERVER_DATABASE_URL=postgres://user:password@host:5432/claude_mem to that file (never the shell).',
    });
  }
  return url;
}

async function withPool(ctx: CliContext, fn: (pool: ReturnType<typeof openPool>) => Promise<number>): Promise<number> {
  const pool = openPool(databaseUrl(ctx));
  try {
    await migrate(pool);
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

function serverScriptPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const found = [join(here, 'server.js'), join(here, '../../dist/bin/server.js')].find((p) => existsSync(p));
  if (!found) throw new MemError('internal', 'dist/bin/server.js is missing.', { hint: 'Run `npm run build`.' });
  return found;
}

async function start(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { host: { type: 'string' }, port: { type: 'string' } } });
  databaseUrl(ctx); // fail here, in the terminal, rather than in a detached process
  const { paths } = ctx.config();
  const running = await health(paths.dataDir);
  if (running) {
    ctx.out.line(`The team server already runs on ${running}.`);
    return 0;
  }
  const host = values.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== 'localhost') ctx.out.warn(`Listening on ${host}: put a TLS proxy in front; keys travel in every request.`);
  mkdirSync(paths.logsDir, { recursive: true, mode: 0o700 });
  const out = openSync(join(paths.logsDir, 'server-stdio.log'), 'a', 0o600);
  try {
    const child = spawn(process.execPath, [serverScriptPath(), '--host', host, '--port', values.port ?? String(DEFAULT_SERVER_PORT)], {
      detached: true,
      stdio: ['ignore', out, out],
      env: ctx.env,
      cwd: paths.dataDir,
    });
    child.unref();
  } finally {
    closeSync(out);
  }
  for (let i = 0; i < 150; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const at = await health(paths.dataDir);
    if (at) {
      ctx.out.line(`Team server running on ${at}.`);
      return 0;
    }
  }
  throw new MemError('worker_unreachable', 'The team server did not come up within 15s.', {
    hint: `See ${join(paths.logsDir, 'server-stdio.log')} and the server-*.log files there.`,
  });
}

/** The URL of this data dir's running server, or null. */
async function health(dataDir: string): Promise<string | null> {
  const rt = readServerRuntime(dataDir);
  if (!rt) return null;
  const base = `http://${rt.host.includes(':') ? `[${rt.host}]` : rt.host}:${rt.port}`;
  try {
    const r = await fetch(`${base}/v1/health`, { signal: AbortSignal.timeout(2000) });
    return r.ok ? base : null;
  } catch (err) {
    void err; // not answering: not running
    return null;
  }
}

async function stop(ctx: CliContext): Promise<number> {
  const rt = readServerRuntime(ctx.config().paths.dataDir);
  if (!rt) {
    ctx.out.line('No team server runs for this data dir.');
    return 0;
  }
  try {
    process.kill(rt.pid, 'SIGTERM');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
  for (let i = 0; i < 100 && readServerRuntime(ctx.config().paths.dataDir); i++) await new Promise((r) => setTimeout(r, 100));
  ctx.out.line(`Stopped the team server (pid ${rt.pid}).`);
  return 0;
}

async function status(ctx: CliContext): Promise<number> {
  const at = await health(ctx.config().paths.dataDir);
  ctx.out.line(at ? `Team server running on ${at}.` : 'No team server runs for this data dir.');
  return at ? 0 : 3;
}
