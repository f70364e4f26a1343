import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { MemError } from '../../contracts';
import { formatTimelineLine, parseDateBound, resolveProjectIds, resolveSearchParams, searchMemory, timeline } from '../../search';
import { getSummaries } from '../../store';
import type { McpDeps } from '../deps';
import { idSchema } from '../ids';
import { either, legacyTimelineShape } from '../legacy';
import { guard, textResult } from '../result';

const inputShape = {
  around_id: idSchema.optional().describe('Observation id to centre on, e.g. 42.'),
  date: z.string().optional().describe('Or centre on this date: YYYY-MM-DD, ISO timestamp, or "3d" ago.'),
  query: z
    .string()
    .max(2000)
    .optional()
    .describe('Or centre on the best search hit for this query (same search as the search tool).'),
  before: z.number().int().min(0).max(100).optional().describe('Records before the anchor (default 10).'),
  after: z.number().int().min(0).max(100).optional().describe('Records after the anchor (default 10).'),
  project: z
    .string()
    .optional()
    .describe("Project name or root; '*' for all. Defaults to the anchor's project, else the current one."),
  ...legacyTimelineShape,
};
type Args = z.infer<z.ZodObject<typeof inputShape>>;

/** Where a timeline is centred, once aliases and the query are resolved. */
type Anchor = { aroundId: number } | { date: string } | { none: true } | { noMatch: string };

/** `timeline`: observations and turn summaries around an observation or a date, oldest first. */
export function registerTimeline(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'timeline',
    {
      title: 'Memory timeline',
      description:
        'Show what happened around one observation (around_id, from search), a date, or the best match of a query: ' +
        'observations and turn summaries in time order. Without any, the most recent records of the current project.',
      inputSchema: inputShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guard('timeline', deps.logger, async () => {
        const anchor = await resolveAnchor(deps, args);
        if ('noMatch' in anchor) return textResult(`No observation matches "${anchor.noMatch}": nothing to centre the timeline on.`);
        const before = either({ name: 'before', value: args.before }, { name: 'depth_before', value: args.depth_before });
        const after = either({ name: 'after', value: args.after }, { name: 'depth_after', value: args.depth_after });
        const aroundId = 'aroundId' in anchor ? anchor.aroundId : undefined;
        const explicit = args.project !== undefined || aroundId === undefined;
        const projectIds = explicit ? resolveProjectIds(deps.db, { project: args.project }, deps.cwd) : undefined;
        const items = timeline(deps.db, {
          ...(aroundId !== undefined ? { aroundId } : {}),
          ...('date' in anchor ? { date: anchor.date } : {}),
          ...(before !== undefined ? { before } : {}),
          ...(after !== undefined ? { after } : {}),
          ...(projectIds ? { projectIds } : {}),
        });
        const many = new Set(items.map((i) => i.project)).size > 1;
        return textResult(items.length ? items.map((i) => formatTimelineLine(i, many)).join('\n') : 'Nothing recorded in that range.');
      }),
  );
}

/**
 * One anchor from around_id, date, query, or the original's `anchor` (an id, "S<id>" for a turn
 * summary, or a timestamp). More than one is an error: which would win is not obvious.
 */
async function resolveAnchor(deps: McpDeps, args: Args): Promise<Anchor> {
  const given = (['around_id', 'date', 'query', 'anchor'] as const).filter((k) => args[k] !== undefined && args[k] !== '');
  if (given.length > 1) {
    throw new MemError('validation', `timeline takes one anchor; got ${given.join(' and ')}.`, {
      hint: 'Pass one of around_id, date or query (anchor is the original claude-mem name for around_id).',
    });
  }
  const now = deps.now();
  if (args.around_id !== undefined) return { aroundId: args.around_id };
  if (args.date !== undefined) return { date: parseDateBound(args.date, now, 'since') };
  if (args.query) return queryAnchor(deps, args.query, args.project);
  if (args.anchor === undefined || args.anchor === '') return { none: true };
  const text = String(args.anchor).trim();
  if (/^#?\d+$/.test(text)) return { aroundId: Number(text.replace('#', '')) };
  const summary = /^#?S(\d+)$/i.exec(text);
  if (summary) {
    const [found] = getSummaries(deps.db, [Number(summary[1])]);
    if (!found) throw new MemError('not_found', `No turn summary S${summary[1]}.`, { hint: 'Use an S<id> from search results.' });
    return { date: found.createdAt };
  }
  return { date: parseDateBound(text, now, 'since') };
}

/** The best hit of the same search the `search` tool runs (current project unless `project`). */
async function queryAnchor(deps: McpDeps, query: string, project: string | undefined): Promise<Anchor> {
  // The default page size on purpose: ranking reads more candidates for a larger page, and the
  // anchor must be the first line the search tool itself would show.
  const input = { query, type: 'observations', ...(project !== undefined ? { project } : {}) };
  const params = resolveSearchParams(deps.db, input, { cwd: deps.cwd, now: deps.now() });
  const result = await searchMemory(deps.db, params, {
    recency: deps.recency,
    now: deps.now(),
    logger: deps.logger,
    ...(deps.embedder ? { embedder: deps.embedder } : {}),
  });
  const [best] = result.hits;
  return best ? { aroundId: best.id } : { noMatch: query };
}
