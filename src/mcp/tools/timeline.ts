import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { formatTimelineLine, parseDateBound, resolveProjectIds, timeline } from '../../search';
import type { McpDeps } from '../deps';
import { idSchema } from '../ids';
import { guard, textResult } from '../result';

/** `timeline`: observations and turn summaries around an observation or a date, oldest first. */
export function registerTimeline(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'timeline',
    {
      title: 'Memory timeline',
      description:
        'Show what happened around one observation (around_id, from search) or a date: observations and turn ' +
        'summaries in time order. Without either, the most recent records of the current project.',
      inputSchema: {
        around_id: idSchema.optional().describe('Observation id to centre on, e.g. 42.'),
        date: z.string().optional().describe('Or centre on this date: YYYY-MM-DD, ISO timestamp, or "3d" ago.'),
        before: z.number().int().min(0).max(50).optional().describe('Records before the anchor (default 10).'),
        after: z.number().int().min(0).max(50).optional().describe('Records after the anchor (default 10).'),
        project: z
          .string()
          .optional()
          .describe("Project name or root; '*' for all. Defaults to the anchor's project, else the current one."),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guard('timeline', deps.logger, () => {
        const explicit = args.project !== undefined || args.around_id === undefined;
        const projectIds = explicit ? resolveProjectIds(deps.db, { project: args.project }, deps.cwd) : undefined;
        const items = timeline(deps.db, {
          ...(args.around_id !== undefined ? { aroundId: args.around_id } : {}),
          ...(args.date !== undefined ? { date: parseDateBound(args.date, deps.now(), 'since') } : {}),
          ...(args.before !== undefined ? { before: args.before } : {}),
          ...(args.after !== undefined ? { after: args.after } : {}),
          ...(projectIds ? { projectIds } : {}),
        });
        const many = new Set(items.map((i) => i.project)).size > 1;
        return textResult(items.length ? items.map((i) => formatTimelineLine(i, many)).join('\n') : 'Nothing recorded in that range.');
      }),
  );
}
