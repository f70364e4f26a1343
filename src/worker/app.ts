import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { hostGuard, requireAuth } from './auth';
import { createConfirmationStore } from './confirmations';
import { errorResponse, onError } from './http-errors';
import { ROUTES, type AppDeps, type RouteModule } from './routes';

/**
 * Most bytes a request body may carry. Every body the API takes is one small JSON value (a setting
 * is at most MAX_VALUE_CHARS); the cap stops a huge body before it is buffered in memory.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The worker's HTTP app. Order matters: the body cap and the Host/Origin guard run first on every request, then
 * auth for everything under `/api/` (except the modules' open paths), then the routes.
 */
export function createApp(
  input: Omit<AppDeps, 'confirmations'> & Partial<Pick<AppDeps, 'confirmations'>>,
  routes: RouteModule[] = ROUTES,
): Hono {
  const deps: AppDeps = { ...input, confirmations: input.confirmations ?? createConfirmationStore(input.now) };
  const app = new Hono();
  const open = new Set(routes.flatMap((r) => r.openPaths ?? []));
  const isOpen = (path: string) => open.has(path) || !path.toLowerCase().startsWith('/api');
  app.onError(onError(deps.logger));
  app.notFound((c) => errorResponse(c, 'not_found', `No route ${c.req.method} ${c.req.path}.`));
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        errorResponse(c, 'too_large', `The request body is over ${MAX_BODY_BYTES} bytes.`, 'Send one setting or credential value at a time.'),
    }),
  );
  app.use('*', hostGuard(deps.port));
  app.use('*', requireAuth(deps.token, deps.sessions, isOpen));
  for (const r of routes) r.mount(app, deps);
  return app;
}
