import { MemError, type ProjectDeleted, type ProjectsAnswer } from '../../contracts';
import { deleteProject, getProject, listProjects } from '../../store';
import { requireId } from './params';
import type { RouteModule } from './types';

export const projectRoutes: RouteModule = {
  name: 'projects',
  mount(app, { db }) {
    app.get('/api/projects', (c) => c.json({ projects: listProjects(db) } satisfies ProjectsAnswer));
    app.delete('/api/projects/:id', (c) => {
      const id = requireId(c.req.param('id'));
      if (!getProject(db, id)) throw new MemError('not_found', `No project ${id}.`);
      return c.json({ deleted: id, ...deleteProject(db, id) } satisfies ProjectDeleted);
    });
  },
};
