import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { z } from 'zod';
import {
  formatHitLine,
  formatPromptLine,
  formatSummaryLine,
  resolveSearchParams,
  searchInputSchema,
  searchMemory,
  type SearchInput,
} from '../../search';
import type { McpDeps } from '../deps';
import { dateFromLegacy, either, legacySearchShape, listOf, orderFromLegacy } from '../legacy';
import { guard, textResult } from '../result';

const s = searchInputSchema.shape;

const inputShape = {
  query: s.query,
  project: s.project,
  type: s.type,
  concepts: s.concepts,
  file: s.file,
  since: s.since,
  until: s.until,
  limit: s.limit,
  offset: s.offset,
  order: s.order,
  author: s.author,
  ...legacySearchShape,
};
type Args = z.infer<z.ZodObject<typeof inputShape>>;

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
        'type "prompts" searches what the user typed instead; "summaries" only turn summaries. ' +
        'Fetch full records with get_observations; see what happened around one with timeline. ' +
        'Searches the current project unless project is given. ' +
        'With team memory, teammates\' notes are marked (by NAME); author "mine" or "team" keeps one side.',
      inputSchema: inputShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guard('search', deps.logger, async () => {
        const params = resolveSearchParams(deps.db, searchInput(args), { cwd: deps.cwd, now: deps.now() });
        const result = await searchMemory(deps.db, params, {
          recency: deps.recency,
          now: deps.now(),
          logger: deps.logger,
          ...(deps.embedder ? { embedder: deps.embedder } : {}),
        });
        const many = params.projectIds === undefined || params.projectIds.length > 1;
        const notes = result.warnings.map((w) => `Note: ${w}`);
        if (params.records === 'prompts' || params.records === 'summaries') {
          const lines =
            params.records === 'prompts'
              ? result.prompts.map((h) => formatPromptLine(h, many))
              : result.summaries.map((h) => formatSummaryLine(h, many));
          if (lines.length === 0) lines.push(`No matching ${params.records}.`);
          else lines.push('', `${lines.length} result(s). A turn in context: timeline with its date.`);
          return textResult([...notes, ...lines].join('\n'));
        }
        const lines = result.hits.map((h) => formatHitLine(h, many));
        const turns = result.summaries.map((h) => formatSummaryLine(h, many));
        if (lines.length === 0 && turns.length === 0) {
          lines.push(params.projectIds?.length === 0 ? 'No memories recorded for this project yet.' : 'No matching memories.');
        } else {
          if (lines.length) lines.push('', `${result.hits.length} result(s). Full records: get_observations with ids.`);
          if (turns.length) lines.push('', 'Matching turn summaries (the turn in context: timeline with its date):', ...turns);
        }
        return textResult([...notes, ...lines].join('\n'));
      }),
  );
}

/** Our parameters, with the original claude-mem's names folded in (see ../legacy.ts). */
function searchInput(args: Args): SearchInput {
  const types = [...listOf(args.type), ...listOf(args.obs_type)];
  const since = either({ name: 'since', value: args.since }, { name: 'dateStart', value: dateFromLegacy(args.dateStart, 'since') });
  const until = either({ name: 'until', value: args.until }, { name: 'dateEnd', value: dateFromLegacy(args.dateEnd, 'until') });
  const order = either({ name: 'order', value: args.order }, { name: 'orderBy', value: orderFromLegacy(args.orderBy) });
  return {
    ...(args.query !== undefined ? { query: args.query } : {}),
    ...(args.project !== undefined ? { project: args.project } : {}),
    ...(types.length ? { type: types } : {}),
    ...(args.concepts !== undefined ? { concepts: args.concepts } : {}),
    ...(args.file !== undefined ? { file: args.file } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(args.limit !== undefined ? { limit: args.limit } : {}),
    ...(args.offset !== undefined ? { offset: args.offset } : {}),
    ...(order !== undefined ? { order } : {}),
    ...(args.author !== undefined ? { author: args.author } : {}),
  };
}
