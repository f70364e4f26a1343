import { MemError, type ApiObservation, type Deleted, type ObservationsPage } from '../../contracts';
import { attachMarks, deleteObservations, getObservations, listObservations } from '../../store';
import { parseId, parseLimit, projectFilter, requireId } from './params';
import type { RouteModule } from './types';

/** Observations, newest first, with keyset pagination (`before=<id>`); one by id; delete by id. */
export const observationRoutes: RouteModule = {
  name: 'observations',
  mount(app, { db }) {
    app.get('/api/observations', (c) => {
      const limit = parseLimit(c.req.query('limit'));
      const projectIds = projectFilter(db, c.req.query('project'));
      const types = (c.req.query('type') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const beforeId = parseId(c.req.query('before'), 'before');
      const observations = listObservations(db, {
        limit,
        ...(projectIds ? { projectIds } : {}),
        ...(types.length ? { types } : {}),
        ...(beforeId !== undefined ? { beforeId } : {}),
      });
      // Stale files and merged counts, for the viewer's badges.
      attachMarks(db, observations);
      return c.json({ observations, nextBefore: observations.length === limit ? (observations.at(-1)?.id ?? null) : null } satisfies ObservationsPage);
    });
    app.get('/api/observations/:id', (c) => {
      const id = requireId(c.req.param('id'));
      const [o] = getObservations(db, [id]);
      if (!o) throw new MemError('not_found', `No observation ${id}.`);
      return c.json(o satisfies ApiObservation);
    });
    app.delete('/api/observations/:id', (c) => {
      const id = requireId(c.req.param('id'));
      if (deleteObservations(db, [id]) === 0) throw new MemError('not_found', `No observation ${id}.`);
      return c.json({ deleted: id } satisfies Deleted);
    });
  },
};
