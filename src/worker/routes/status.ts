import type { Ok, WorkerStatus } from '../../contracts';
import type { RouteModule } from './types';

/** Worker and queue state, and `POST /api/nudge` for whoever just enqueued something. */
export const statusRoutes: RouteModule = {
  name: 'status',
  mount(app, deps) {
    app.get('/api/status', (c) => c.json(deps.status() satisfies WorkerStatus));
    app.post('/api/nudge', (c) => {
      deps.nudge();
      return c.json({ ok: true } as const satisfies Ok);
    });
  },
};
