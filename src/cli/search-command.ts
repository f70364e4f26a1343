import { parseArgs } from 'node:util';
import { MemError } from '../contracts';
import { createEmbedder, formatHitLine, formatPromptLine, formatSummaryLine, resolveSearchParams, SEARCH_ORDERS, searchMemory, type SearchOrder } from '../search';
import type { Command } from './context';
import { parseCount, QUERY_SCOPE_OPTIONS, withMemoryDb } from './search-db';

/** `claude-mem search <query…>`: the same search as the MCP tool, from the shell. */
export const searchCommand: Command = {
  name: 'search',
  summary: 'Search memories (current project unless --project/--all).',
  usage: `claude-mem search <query…> [--project P | --all] [--type T]… [--concept C]… [--file PATH|GLOB]
                 [--since DATE] [--until DATE] [--session ID] [--limit N] [--offset N]
                 [--order relevance|newest|oldest] [--mine | --team] [--json]
  DATE: YYYY-MM-DD, an ISO timestamp, or an age like 7d, 2w, 3mo. An empty query lists the newest.
  --type prompts searches what you typed; --type summaries only turn summaries.
  --mine: only what this machine recorded; --team: only teammates' shared notes (claude-mem team).`,
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        ...QUERY_SCOPE_OPTIONS,
        type: { type: 'string', short: 't', multiple: true },
        concept: { type: 'string', multiple: true },
        file: { type: 'string', short: 'f' },
        since: { type: 'string' },
        until: { type: 'string' },
        session: { type: 'string' },
        limit: { type: 'string', short: 'n' },
        offset: { type: 'string' },
        order: { type: 'string' },
        mine: { type: 'boolean' },
        team: { type: 'boolean' },
      },
    });
    if (values.mine && values.team) {
      throw new MemError('validation', '--mine and --team exclude each other.', { hint: 'Leave both out to search your notes and your teammates\' together.' });
    }
    const config = ctx.config();
    return withMemoryDb(ctx, async (db) => {
      const params = resolveSearchParams(
        db,
        {
          query: positionals.join(' '),
          ...(values.project !== undefined ? { project: values.project } : {}),
          ...(values.all ? { allProjects: true } : {}),
          ...(values.type ? { type: values.type } : {}),
          ...(values.concept ? { concepts: values.concept } : {}),
          ...(values.file !== undefined ? { file: values.file } : {}),
          ...(values.since !== undefined ? { since: values.since } : {}),
          ...(values.until !== undefined ? { until: values.until } : {}),
          ...(values.session !== undefined ? { sessionId: parseCount(values.session, 'session', 0, Number.MAX_SAFE_INTEGER) } : {}),
          limit: Math.max(1, parseCount(values.limit, 'limit', 20, 200)),
          offset: parseCount(values.offset, 'offset', 0, 10_000),
          ...(values.order !== undefined ? { order: parseOrder(values.order) } : {}),
          ...(values.mine ? { author: 'mine' as const } : values.team ? { author: 'team' as const } : {}),
        },
        { cwd: ctx.cwd, now: ctx.now() },
      );
      const embedder = createEmbedder(config);
      const result = await searchMemory(db, params, {
        recency: config.settings.CLAUDE_MEM_SEARCH_RECENCY,
        now: ctx.now(),
        ...(embedder ? { embedder } : {}),
      });
      for (const w of result.warnings) ctx.out.warn(w);
      if (values.json) {
        ctx.out.json(result);
        return 0;
      }
      const many = params.projectIds === undefined || params.projectIds.length > 1;
      if (params.records === 'prompts' || params.records === 'summaries') {
        const lines =
          params.records === 'prompts'
            ? result.prompts.map((h) => formatPromptLine(h, many))
            : result.summaries.map((h) => formatSummaryLine(h, many));
        for (const l of lines) ctx.out.line(l);
        if (lines.length === 0) ctx.out.warn(`No matching ${params.records}.`);
        return 0;
      }
      for (const h of result.hits) ctx.out.line(formatHitLine(h, many));
      if (result.summaries.length) {
        if (result.hits.length) ctx.out.line('');
        ctx.out.line('Matching turn summaries (the turn in context: claude-mem timeline --date <date>):');
        for (const h of result.summaries) ctx.out.line(formatSummaryLine(h, many));
      }
      if (result.hits.length === 0 && result.summaries.length === 0) {
        ctx.out.warn(params.projectIds?.length === 0 ? 'Nothing recorded for this project yet (try --all).' : 'No matching memories.');
      }
      return 0;
    });
  },
};

function parseOrder(value: string): SearchOrder {
  const order = SEARCH_ORDERS.find((o) => o === value);
  if (!order) throw new MemError('validation', `--order must be one of ${SEARCH_ORDERS.join(', ')}, got "${value}".`);
  return order;
}
