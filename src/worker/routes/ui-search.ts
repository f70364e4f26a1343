import { MemError, type SearchAnswer } from '../../contracts';
import { resolveSearchParams, searchInputSchema, searchMemory } from '../../search';
import { getObservations, getSummaries } from '../../store';
import type { RouteModule } from './types';

/**
 * `GET /api/search?q=&project=&type=&since=&until=&author=&limit=`: the same `searchMemory` the MCP tools
 * and the CLI use. No project means every project (a browser has no working directory). The
 * answer carries the compact hits and, for the viewer's cards, the full observations in hit order
 * and the matching turn summaries (`summaryRecords`). It ranks with the running worker's embedder
 * and settings (`deps.search`), never a configuration read again from disk.
 */
export const uiSearchRoutes: RouteModule = {
    name: 'ui-search',
    mount(app, deps) {
      app.get('/api/search', async (c) => {
        const q = (name: string) => {
          const v = c.req.query(name)?.trim();
          return v ? v : undefined;
        };
        const limit = q('limit');
        const parsed = searchInputSchema.safeParse({
          query: q('q') ?? '',
          ...(q('project') ? { project: q('project') } : { allProjects: true }),
          ...(q('type') ? { type: q('type') } : {}),
          ...(q('since') ? { since: q('since') } : {}),
          ...(q('until') ? { until: q('until') } : {}),
          // Team memory: author=mine|team (the viewer's and the CLI's --mine/--team).
          ...(q('author') ? { author: q('author') } : {}),
          ...(limit !== undefined ? { limit: Number(limit) } : {}),
        });
        if (!parsed.success) {
          throw new MemError(
            'validation',
            `Bad search: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`,
          );
        }
        const now = deps.now();
        const params = resolveSearchParams(deps.db, parsed.data, { cwd: '/', now });
        // Like the MCP tools: semantic ranking joins in only when embeddings are configured.
        const { embedder, recency } = deps.search();
        const result = await searchMemory(deps.db, params, {
          recency,
          now,
          logger: deps.logger,
          ...(embedder ? { embedder } : {}),
        });
        return c.json({
          ...result,
          observations: getObservations(
            deps.db,
            result.hits.map((h) => h.id),
          ),
          summaryRecords: orderedSummaries(deps.db, result.summaries.map((h) => h.id)),
        } satisfies SearchAnswer);
      });
    },
};

/** Summaries for ids, in the order given (best match first). */
function orderedSummaries(db: Parameters<typeof getSummaries>[0], ids: number[]) {
  const byId = new Map(getSummaries(db, ids).map((s) => [s.id, s]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
