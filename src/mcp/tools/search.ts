import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { OBSERVATION_TYPES } from '../../contracts';
import { formatHitLine, formatSummaryLine, resolveSearchParams, searchInputSchema, searchMemory } from '../../search';
import type { McpDeps } from '../deps';
import { guard, textResult } from '../result';

const s = searchInputSchema.shape;

/** `search`: a compact index of matching memories (id, date, type, title, one-line snippet). */
export function registerSearch(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'search',
    {
      title: 'Search memory',
      description:
        'Search recorded observations from past coding sessions (what was built, fixed, decided, learned). ' +
        'Natural-language questions work. Returns a compact index: id, date, type, title and a snippet, ' +
        'then up to three matching turn summaries (S<id>: what was asked and done). ' +
        'Fetch full records with get_observations; see what happened around one with timeline. ' +
        'Searches the current project unless project is given.',
      inputSchema: {
        query: s.query,
        project: s.project,
        type: z
          .union([z.enum(OBSERVATION_TYPES), z.array(z.enum(OBSERVATION_TYPES))])
          .optional()
          .describe('Only these observation types.'),
        concepts: s.concepts,
        file: s.file,
        since: s.since,
        until: s.until,
        limit: s.limit,
        offset: s.offset,
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guard('search', deps.logger, async () => {
        const params = resolveSearchParams(deps.db, args, { cwd: deps.cwd, now: deps.now() });
        const result = await searchMemory(deps.db, params, {
          recency: deps.recency,
          now: deps.now(),
          logger: deps.logger,
          ...(deps.embedder ? { embedder: deps.embedder } : {}),
        });
        const many = params.projectIds === undefined || params.projectIds.length > 1;
        const lines = result.hits.map((h) => formatHitLine(h, many));
        const turns = result.summaries.map((h) => formatSummaryLine(h, many));
        if (lines.length === 0 && turns.length === 0) {
          lines.push(params.projectIds?.length === 0 ? 'No memories recorded for this project yet.' : 'No matching memories.');
        } else {
          if (lines.length) lines.push('', `${result.hits.length} result(s). Full records: get_observations with ids.`);
          if (turns.length) lines.push('', 'Matching turn summaries (the turn in context: timeline with its date):', ...turns);
        }
        return textResult([...result.warnings.map((w) => `Note: ${w}`), ...lines].join('\n'));
      }),
  );
}
