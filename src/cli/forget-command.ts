import { parseArgs } from 'node:util';
import { MemError } from '../contracts';
import { deleteObservations, deleteProject, findProjects, getObservations } from '../store';
import type { Command } from './context';
import { confirm, parseIds, withMemoryDb } from './search-db';

/**
 * `claude-mem forget <id…>` / `forget --project P`: really delete (rows, full-text index entries
 * and vectors go together). Asks on a terminal; elsewhere needs --yes.
 */
export const forgetCommand: Command = {
  name: 'forget',
  summary: 'Delete observations by id, or everything recorded for a project.',
  usage: 'claude-mem forget <id…> [--yes]\nclaude-mem forget --project P [--yes]',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { project: { type: 'string', short: 'p' }, yes: { type: 'boolean', short: 'y' } },
    });
    if (values.project !== undefined && positionals.length) {
      throw new MemError('validation', 'Give either ids or --project, not both.');
    }
    if (values.project === undefined && positionals.length === 0) {
      throw new MemError('validation', 'forget needs ids or --project.', { hint: 'Run: claude-mem forget 12 40' });
    }
    const ids = values.project === undefined ? parseIds(positionals) : [];
    return withMemoryDb(ctx, async (db) => {
      if (values.project !== undefined) {
        const matches = findProjects(db, values.project);
        if (matches.length === 0) throw new MemError('not_found', `No project named "${values.project}".`);
        if (matches.length > 1) {
          throw new MemError('validation', `Several projects are named "${values.project}": ${matches.map((p) => p.root).join(', ')}.`, {
            hint: 'Pass the project root path instead of its name.',
          });
        }
        const project = matches[0] as (typeof matches)[number];
        if (!values.yes && !(await confirm(ctx, `Delete everything recorded for ${project.name} (${project.root})?`))) {
          ctx.out.line('Nothing deleted.');
          return 1;
        }
        const n = deleteProject(db, project.id);
        ctx.out.line(`Deleted project ${project.name}: ${n.observations} observation(s), ${n.summaries} summary(ies).`);
        return 0;
      }
      const found = getObservations(db, ids);
      if (found.length === 0) throw new MemError('not_found', `No observation with id ${ids.join(', ')}.`);
      for (const id of ids) if (!found.some((o) => o.id === id)) ctx.out.warn(`No observation #${id}.`);
      if (!values.yes) {
        for (const o of found) ctx.out.line(`  #${o.id} ${o.type}: ${o.title}`);
        if (!(await confirm(ctx, `Delete these ${found.length} observation(s)?`))) {
          ctx.out.line('Nothing deleted.');
          return 1;
        }
      }
      const n = deleteObservations(db, found.map((o) => o.id));
      ctx.out.line(`Deleted ${n} observation(s).`);
      return 0;
    });
  },
};
