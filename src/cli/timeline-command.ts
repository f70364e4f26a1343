import { parseArgs } from 'node:util';
import { formatTimelineLine, parseDateBound, resolveProjectIds, timeline } from '../search';
import type { Command } from './context';
import { parseCount, parseIds, QUERY_SCOPE_OPTIONS, withMemoryDb } from './search-db';

/** `claude-mem timeline`: observations and summaries around an id or a date, oldest first. */
export const timelineCommand: Command = {
  name: 'timeline',
  summary: 'Show observations and summaries in time order, around an id or a date.',
  usage: 'claude-mem timeline [--around ID | --date DATE] [--before N] [--after N] [--project P | --all] [--json]',
  async run(args, ctx) {
    const { values } = parseArgs({
      args,
      strict: true,
      options: {
        around: { type: 'string' },
        date: { type: 'string' },
        before: { type: 'string' },
        after: { type: 'string' },
        ...QUERY_SCOPE_OPTIONS,
      },
    });
    return withMemoryDb(ctx, (db) => {
      const aroundId = values.around !== undefined ? parseIds([values.around])[0] : undefined;
      const scoped = values.project !== undefined || values.all || aroundId === undefined;
      const projectIds = scoped
        ? resolveProjectIds(db, { project: values.project, allProjects: values.all }, ctx.cwd)
        : undefined;
      const items = timeline(db, {
        ...(aroundId !== undefined ? { aroundId } : {}),
        ...(values.date !== undefined ? { date: parseDateBound(values.date, ctx.now(), 'since') } : {}),
        before: parseCount(values.before, 'before', 10, 500),
        after: parseCount(values.after, 'after', 10, 500),
        ...(projectIds ? { projectIds } : {}),
      });
      if (values.json) {
        ctx.out.json(items);
        return 0;
      }
      const many = new Set(items.map((i) => i.project)).size > 1;
      for (const i of items) ctx.out.line(formatTimelineLine(i, many));
      if (items.length === 0) ctx.out.warn('Nothing recorded in that range.');
      return 0;
    });
  },
};
