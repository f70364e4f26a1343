import type { SummariesPage } from '../../contracts';
import { listSummaries } from '../../store';
import { parseId, parseLimit, projectFilter } from './params';
import type { RouteModule } from './types';

export const summaryRoutes: RouteModule = {
  name: 'summaries',
  mount(app, { db }) {
    app.get('/api/summaries', (c) => {
      const limit = parseLimit(c.req.query('limit'));
      const projectIds = projectFilter(db, c.req.query('project'));
      const beforeId = parseId(c.req.query('before'), 'before');
      const summaries = listSummaries(db, {
        limit,
        ...(projectIds ? { projectIds } : {}),
        ...(beforeId !== undefined ? { beforeId } : {}),
      });
      return c.json({ summaries, nextBefore: summaries.length === limit ? (summaries.at(-1)?.id ?? null) : null } satisfies SummariesPage);
    });
  },
};
