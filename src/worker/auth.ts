import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { TOKEN_HEADER } from '../contracts';
import { errorResponse } from './http-errors';
import type { SessionStore } from './sessions';
import { sameSecret } from './token';

export const SESSION_COOKIE = 'cm_session';

declare module 'hono' {
  interface ContextVariableMap {
    /** How this request proved itself: the install token (the terminal) or a viewer session cookie. */
    authBy: 'token' | 'session' | 'open';
  }
}

/**
 * DNS-rebinding and cross-site guard for every route: the Host header must name this server
 * (`127.0.0.1:<port>` or `localhost:<port>`), and an Origin header, when sent, must be that same
 * origin. A page on another site, or a hostname rebound to 127.0.0.1, is refused before routing.
 */
export function hostGuard(port: () => number): MiddlewareHandler {
  return async (c, next) => {
    const host = (c.req.header('host') ?? '').toLowerCase();
    const p = port();
    if (host !== `127.0.0.1:${p}` && host !== `localhost:${p}`) {
      return errorResponse(c, 'forbidden', 'This server only answers requests addressed to 127.0.0.1 or localhost.');
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
      return errorResponse(c, 'forbidden', 'Cross-origin requests are not allowed.');
    }
    await next();
  };
}

/**
 * Routes that write or return memory data need the install token header or a viewer session
 * cookie. `open` lists paths that need neither (health, login, the viewer's static shell).
 */
export function requireAuth(token: string, sessions: SessionStore, isOpen: (path: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.header(TOKEN_HEADER);
    const cookie = getCookie(c, SESSION_COOKIE);
    if (given !== undefined && sameSecret(given, token)) {
      c.set('authBy', 'token');
      return next();
    }
    if (cookie !== undefined && sessions.isValid(cookie)) {
      c.set('authBy', 'session');
      return next();
    }
    if (isOpen(c.req.path)) {
      c.set('authBy', 'open');
      return next();
    }
    return errorResponse(
      c,
      'unauthorized',
      'A worker token or a viewer session is required.',
      'Open the viewer with `claude-mem open`, or send the x-claude-mem-token header with the content of worker.token.',
    );
  };
}
