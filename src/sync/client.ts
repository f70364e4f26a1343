import { redactUrl } from '../config';
import {
  pullResponseSchema,
  pushResponseSchema,
  TEAM_API_VERSION,
  teamErrorSchema,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '../contracts';

/**
 * The worker's (and `team status`'s) side of the team server's `/v1` API. Every call returns a
 * value, never throws: an unreachable server, a refused key or another API version are expected
 * outcomes the sync loop backs off from and `team status` explains. The key goes only into the
 * Authorization header; no message here ever contains it.
 */

export type TeamProblemKind =
  /** No answer: DNS, refused connection, timeout, TLS. */
  | 'unreachable'
  /** 401: a wrong, unknown or revoked key. */
  | 'unauthorized'
  /** The server speaks another API version, or is not a claude-mem server at all. */
  | 'version'
  /** 429: retry after `retryAfterMs`. */
  | 'rate_limited'
  /** 5xx (503 = its database is down). */
  | 'server'
  /** 400/413: the server refuses this request as it is; retrying the same request cannot help. */
  | 'rejected'
  /** 404 on pull: nobody pushed to this project yet. */
  | 'not_found'
  /** This machine's clock is far from the server's (`team status` only). */
  | 'clock_skew';

export interface TeamProblem {
  kind: TeamProblemKind;
  message: string;
  hint?: string;
  status?: number;
  retryAfterMs?: number;
}

export type TeamResult<T> = { ok: true; value: T; serverDate?: number } | { ok: false; problem: TeamProblem };

export interface TeamClientOptions {
  url: string;
  key: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface TeamHealth {
  version: string;
  apiVersion: string;
  schemaVersion: number;
}

export interface TeamClient {
  /** Where it talks to, fit to print (user info removed). */
  readonly server: string;
  health(): Promise<TeamResult<TeamHealth>>;
  push(req: PushRequest): Promise<TeamResult<PushResponse>>;
  pull(project: string, since: string, limit?: number): Promise<TeamResult<PullResponse>>;
  /** One cheap authenticated request: does the server take our key? */
  checkKey(): Promise<TeamResult<true>>;
}

export function createTeamClient(opts: TeamClientOptions): TeamClient {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.url.replace(/\/+$/, '');
  const server = redactUrl(opts.url);
  const timeoutMs = opts.timeoutMs ?? 30_000;

  async function call(path: string, init: RequestInit & { auth: boolean }): Promise<TeamResult<unknown>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.auth) headers.authorization = `Bearer ${opts.key}`;
    if (init.body) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      return {
        ok: false,
        problem: {
          kind: 'unreachable',
          message: `The team server ${server} did not answer (${cause}).`,
          hint: 'Is it running and is CLAUDE_MEM_TEAM_URL right? Records wait locally and go out when it answers.',
        },
      };
    }
    const dateHeader = res.headers.get('date');
    const serverDate = dateHeader ? Date.parse(dateHeader) : NaN;
    const text = await res.text().catch((err: Error) => `(body unreadable: ${err.message})`);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch (err) {
      void err; // not JSON: handled below as "not a claude-mem server"
      body = undefined;
    }
    if (res.ok) {
      if (body === undefined) return { ok: false, problem: notOurs(server, res.status) };
      return { ok: true, value: body, ...(Number.isNaN(serverDate) ? {} : { serverDate }) };
    }
    return { ok: false, problem: problemOf(res, body, server) };
  }

  return {
    server,
    async health() {
      const r = await call('/v1/health', { method: 'GET', auth: false });
      if (!r.ok) return r.problem.kind === 'not_found' ? { ok: false, problem: notOurs(server, 404) } : r;
      const h = r.value as Partial<TeamHealth> & { ok?: unknown };
      if (h.ok !== true || typeof h.apiVersion !== 'string') return { ok: false, problem: notOurs(server, 200) };
      if (h.apiVersion !== TEAM_API_VERSION) {
        return {
          ok: false,
          problem: {
            kind: 'version',
            message: `The team server ${server} speaks API ${h.apiVersion} (version ${String(h.version)}); this claude-mem speaks ${TEAM_API_VERSION}.`,
            hint: 'Update claude-mem on this machine or the server so both speak the same API version.',
          },
        };
      }
      return { ...r, value: { version: String(h.version), apiVersion: h.apiVersion, schemaVersion: Number(h.schemaVersion) } };
    },
    async push(req) {
      const r = await call('/v1/push', { method: 'POST', auth: true, body: JSON.stringify(req) });
      return r.ok ? parsed(r, pushResponseSchema.safeParse(r.value), server) : r;
    },
    async pull(project, since, limit) {
      const q = new URLSearchParams({ project, since, ...(limit ? { limit: String(limit) } : {}) });
      const r = await call(`/v1/pull?${q}`, { method: 'GET', auth: true });
      return r.ok ? parsed(r, pullResponseSchema.safeParse(r.value), server) : r;
    },
    async checkKey() {
      const r = await call(`/v1/search?${new URLSearchParams({ q: 'claude-mem key check', limit: '1' })}`, { method: 'GET', auth: true });
      return r.ok ? { ...r, value: true as const } : r;
    },
  };
}

function parsed<T>(r: { serverDate?: number }, p: { success: true; data: T } | { success: false }, server: string): TeamResult<T> {
  if (!p.success) return { ok: false, problem: notOurs(server, 200) };
  return { ok: true, value: p.data, ...(r.serverDate !== undefined ? { serverDate: r.serverDate } : {}) };
}

function notOurs(server: string, status: number): TeamProblem {
  return {
    kind: 'version',
    message: `${server} answered (HTTP ${status}) but not as a claude-mem team server of API ${TEAM_API_VERSION}.`,
    hint: 'Check CLAUDE_MEM_TEAM_URL: it names the server `claude-mem server start` runs (e.g. http://127.0.0.1:37877), not a path under it.',
    status,
  };
}

function problemOf(res: Response, body: unknown, server: string): TeamProblem {
  const e = teamErrorSchema.safeParse(body);
  const said = e.success ? e.data.error.message : `HTTP ${res.status}`;
  const status = res.status;
  if (status === 401) {
    return {
      kind: 'unauthorized',
      message: `The team server ${server} refused the key (401): ${said}`,
      hint: 'Put the key `claude-mem server add-user` printed into CLAUDE_MEM_TEAM_KEY in the data dir\'s .env (ask the server admin for a new one if it was revoked).',
      status,
    };
  }
  if (status === 429) {
    const after = Number(res.headers.get('retry-after'));
    return { kind: 'rate_limited', message: `The team server ${server} asks to slow down (429).`, status, retryAfterMs: Number.isFinite(after) && after > 0 ? after * 1000 : 5_000 };
  }
  if (status === 404 && e.success && e.data.error.kind === 'not_found') return { kind: 'not_found', message: said, status };
  if (!e.success) return notOurs(server, status);
  if (status >= 500) {
    return { kind: 'server', message: `The team server ${server} failed (${status}): ${said}`, ...(e.data.error.hint ? { hint: e.data.error.hint } : {}), status };
  }
  return { kind: 'rejected', message: `The team server ${server} refused the request (${status}): ${said}`, ...(e.data.error.hint ? { hint: e.data.error.hint } : {}), status };
}
