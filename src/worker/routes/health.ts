import type { Health } from '../../contracts';
import type { RouteModule } from './types';

/** Liveness for the CLI and hooks: no auth, and nothing but a yes and the version. */
export const healthRoutes: RouteModule = {
  name: 'health',
  openPaths: ['/api/health'],
  mount(app, deps) {
    app.get('/api/health', (c) => c.json({ ok: true, version: deps.version } satisfies Health));
  },
};
