import type { PromptsPage } from '../../contracts';
import { getProject, listPrompts, type PromptRow } from '../../store';
import { parseId, parseLimit, projectFilter } from './params';
import type { RouteModule } from './types';

/** User prompts, newest first, each with its project's display name. */
export const promptRoutes: RouteModule = {
  name: 'prompts',
  mount(app, { db }) {
    app.get('/api/prompts', (c) => {
      const limit = parseLimit(c.req.query('limit'));
      const projectIds = projectFilter(db, c.req.query('project'));
      const beforeId = parseId(c.req.query('before'), 'before');
      const page = (projectId?: number): PromptRow[] =>
        listPrompts(db, {
          limit,
          ...(projectId !== undefined ? { projectId } : {}),
          ...(beforeId !== undefined ? { beforeId } : {}),
        });
      // A display name can match several roots: merge their pages, newest first.
      const rows = projectIds === undefined ? page() : projectIds.flatMap((id) => page(id)).sort((a, b) => b.id - a.id).slice(0, limit);
      const names = new Map<number, string>();
      const prompts = rows.map((p) => {
        if (!names.has(p.projectId)) names.set(p.projectId, getProject(db, p.projectId)?.name ?? '');
        return { ...p, project: names.get(p.projectId) as string };
      });
      return c.json({ prompts, nextBefore: prompts.length === limit ? (prompts.at(-1)?.id ?? null) : null } satisfies PromptsPage);
    });
  },
};
