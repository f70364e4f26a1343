import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Pool } from 'pg';
import type { z } from 'zod';
import { MemError, pullQuerySchema, pushRequestSchema, searchQuerySchema, TEAM_API_VERSION, type HealthResponse } from '../contracts';
import type { Logger } from '../log';
import { errorResponse, onError } from './http';
import { authenticate, type KeyOwner } from './keys';
import { createRateLimit } from './rate-limit';
import { pull, push, search } from './records';

export interface TeamAppOptions {
  pool: Pool;
  logger: Logger;
  version: string;
  schemaVersion: number;
  vector: boolean;
  /** Largest request body, bytes (default 8 MiB: a full push of long observations fits). */
  maxBodyBytes?: number;
  /** Token bucket per key (default 60 requests of burst, 20/s sustained). */
  rate?: { capacity: number; perSecond: number };
  now?: () => number;
}

type Env = { Variables: { owner: KeyOwner } };

/** `/v1`: health without a key; push, pull and search with a Bearer key scoped to its team. */
export function createTeamApp(opts: TeamAppOptions): Hono<Env> {
  const app = new Hono<Env>();
  const limiter = createRateLimit({ ...(opts.rate ?? { capacity: 60, perSecond: 20 }), ...(opts.now ? { now: opts.now } : {}) });
  app.onError(onError(opts.logger));
  app.notFound((c) => errorResponse(c, 'not_found', `No route ${c.req.method} ${c.req.path}.`));

  app.get('/v1/health', (c) =>
    c.json({ ok: true, version: opts.version, apiVersion: TEAM_API_VERSION, schemaVersion: opts.schemaVersion, vector: opts.vector } satisfies HealthResponse),
  );

  app.use('/v1/*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const owner = key ? await authenticate(opts.pool, key) : null;
    if (!owner) {
      return errorResponse(c, 'unauthorized', 'Missing, unknown or revoked API key.', 'Send Authorization: Bearer <key> with a key from `claude-mem server add-user`.');
    }
    const wait = limiter.take(owner.prefix);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return errorResponse(c, 'too_many', `Rate limit for key ${owner.prefix}; retry in ${wait}s.`);
    }
    c.set('owner', owner);
    await next();
    opts.logger.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, key: owner.prefix, team: owner.teamName });
  });

  const maxSize = opts.maxBodyBytes ?? 8 * 1024 * 1024;
  app.post(
    '/v1/push',
    bodyLimit({ maxSize, onError: (c) => errorResponse(c, 'too_large', `Request body over ${maxSize} bytes.`, 'Send fewer items per push.') }),
    async (c) => {
      const body = await readJson(c);
      return c.json(await push(opts.pool, c.get('owner'), parse(pushRequestSchema, body)));
    },
  );
  app.get('/v1/pull', async (c) => c.json(await pull(opts.pool, c.get('owner'), parse(pullQuerySchema, c.req.query()))));
  app.get('/v1/search', async (c) => c.json({ hits: await search(opts.pool, c.get('owner'), parse(searchQuerySchema, c.req.query())) }));
  return app;
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch (err) {
    throw new MemError('validation', 'The request body is not JSON.', { hint: 'Send Content-Type: application/json.', cause: err });
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw new MemError('validation', `Invalid request: ${first ? `${first.path.join('.') || '(body)'}: ${first.message}` : 'bad shape'}.`, {
    hint: 'See docs/team-server.md for the request shapes.',
  });
}
