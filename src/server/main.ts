import { serve } from '@hono/node-server';
import pg from 'pg';
import { MemError } from '../contracts';
import { redactUrl, redactUrlsIn } from '../config';
import type { Logger } from '../log';
import { createTeamApp, type TeamAppOptions } from './app';
import { migrate, SCHEMA_VERSION } from './migrations';

export interface TeamServerOptions {
  databaseUrl: string;
  host: string;
  port: number;
  logger: Logger;
  version: string;
  maxBodyBytes?: number;
  rate?: TeamAppOptions['rate'];
}

export interface RunningTeamServer {
  port: number;
  close(): Promise<void>;
}

/** Open the pool, migrate (taking turns with other servers), then listen. */
export async function startTeamServer(opts: TeamServerOptions): Promise<RunningTeamServer> {
  const pool = openPool(opts.databaseUrl, opts.logger);
  try {
    const applied = await migrate(pool);
    const vector = await vectorAvailable(pool);
    opts.logger.info('database ready', { database: redactUrl(opts.databaseUrl), migrated: applied, schemaVersion: SCHEMA_VERSION, vector });
    const app = createTeamApp({ pool, logger: opts.logger, version: opts.version, schemaVersion: SCHEMA_VERSION, vector, maxBodyBytes: opts.maxBodyBytes, rate: opts.rate });
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: opts.host, port: opts.port }, () => resolve(s));
      s.once('error', reject);
    });
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : opts.port;
    opts.logger.info('listening', { host: opts.host, port, version: opts.version });
    return {
      port,
      close: async () => {
        await new Promise<void>((r) => server.close(() => r()));
        await pool.end();
      },
    };
  } catch (err) {
    await pool.end().catch((endErr: unknown) => void endErr);
    throw databaseError(err, opts.databaseUrl);
  }
}

/** A pool with the URL's password kept out of every message we produce. */
export function openPool(databaseUrl: string, logger?: Logger): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle client losing its connection (database restart) must not crash the server.
  pool.on('error', (err) => logger?.warn('idle database connection lost', { error: redactUrlsIn(err.message) }));
  return pool;
}

/** pgvector is optional: reported, never required. */
async function vectorAvailable(pool: pg.Pool): Promise<boolean> {
  const r = await pool.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
  return (r.rowCount ?? 0) > 0;
}

function databaseError(err: unknown, databaseUrl: string): MemError {
  if (err instanceof MemError) return err;
  const msg = redactUrlsIn((err as Error).message ?? String(err));
  return new MemError('storage_busy', `Cannot use the team database ${redactUrl(databaseUrl)}: ${msg}`, {
    hint: 'Check CLAUDE_MEM_SERVER_DATABASE_URL in the data dir .env and that PostgreSQL is running.',
    cause: err,
  });
}
