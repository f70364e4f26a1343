import { setCookie } from 'hono/cookie';
import type { LoginCode } from '../../contracts';
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
      return c.json({ code, expiresAt, url: `http://127.0.0.1:${deps.port()}/login?code=${code}` } satisfies LoginCode);
    });
    app.get('/login', (c) => {
      const session = deps.sessions.redeem(c.req.query('code') ?? '');
      if (!session) {
        // A browser gets a readable page; API clients get the usual JSON error.
        if ((c.req.header('accept') ?? '').includes('text/html')) {
          return c.html(LINK_USED_PAGE, 401);
        }
        return errorResponse(c, 'unauthorized', 'This login link is invalid or has expired.', 'Run `claude-mem open` for a new one.');
      }
      setCookie(c, SESSION_COOKIE, session, { httpOnly: true, sameSite: 'Strict', path: '/' });
      return c.redirect('/', 302);
    });
  },
};

const LINK_USED_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>claude-mem</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}
code{background:#8882;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>This login link has expired</h1>
<p>Each link works once and only for a few minutes. For a new one, run <code>claude-mem open</code> in a terminal.</p>
</body></html>`;
