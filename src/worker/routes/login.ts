import { setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../auth';
import { errorResponse } from '../http-errors';
import type { RouteModule } from './types';

/**
 * Viewer sign-in: a token holder asks for a one-time code; `/login?code=` trades it for an
 * HttpOnly, SameSite=Strict session cookie and sends the browser to the viewer.
 */
export const loginRoutes: RouteModule = {
  name: 'login',
  mount(app, deps) {
    app.post('/api/login-codes', (c) => {
      const { code, expiresAt } = deps.sessions.createCode();
      return c.json({ code, expiresAt, url: `http://127.0.0.1:${deps.port()}/login?code=${code}` });
    });
    app.get('/login', (c) => {
      const session = deps.sessions.redeem(c.req.query('code') ?? '');
      if (!session) {
        return errorResponse(c, 'unauthorized', 'This login link is invalid or has expired.', 'Run `claude-mem open` for a new one.');
      }
      setCookie(c, SESSION_COOKIE, session, { httpOnly: true, sameSite: 'Strict', path: '/' });
      return c.redirect('/', 302);
    });
  },
};
