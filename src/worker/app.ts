import { Hono } from 'hono';
import { hostGuard, requireAuth } from './auth';
import { errorResponse, onError } from './http-errors';
import { ROUTES, type AppDeps, type RouteModule } from './routes';

/**
 * The worker's HTTP app. Order matters: the Host/Origin guard runs first on every request, then
 * auth for everything under `/api/` (except the modules' open paths), then the routes.
 */
export function createApp(deps: AppDeps, routes: RouteModule[] = ROUTES): Hono {
  const app = new Hono();
  const open = new Set(routes.flatMap((r) => r.openPaths ?? []));
  const isOpen = (path: string) => open.has(path) || !path.toLowerCase().startsWith('/api');
  app.onError(onError(deps.logger));
  app.notFound((c) => errorResponse(c, 'not_found', `No route ${c.req.method} ${c.req.path}.`));
  app.use('*', hostGuard(deps.port));
  app.use('*', requireAuth(deps.token, deps.sessions, isOpen));
  for (const r of routes) r.mount(app, deps);
  return app;
}
