import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveProject } from '../config';
import { MemError } from '../contracts';
import { bindImportedProject, listImportedProjects, unbindImportedProject, type Db } from '../store';
import type { CliContext, Command } from './context';
import { withMemoryDb } from './search-db';

/**
 * `claude-mem projects`: the project names imported from the original claude-mem, and which
 * repository each is linked to. The original named projects by folder only, so the link is made
 * by folder name when a session starts; `link`/`unlink` fix a wrong guess.
 */
export const projectsCommand: Command = {
  name: 'projects',
  summary: 'Projects imported from the original claude-mem and their linked folders (link/unlink).',
  usage: [
    'claude-mem projects [--json]          list imported project names, linked or not, with counts',
    'claude-mem projects link NAME PATH    link imported project NAME to the repository at PATH',
    'claude-mem projects unlink NAME       undo a link; NAME waits until you link it yourself',
  ].join('\n'),
  async run(args, ctx) {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: 'boolean' } } });
    const [sub, ...rest] = positionals;
    if (!sub) return withMemoryDb(ctx, (db) => list(ctx, db, values.json ?? false));
    if (sub === 'link') {
      const [name, path, ...extra] = rest;
      if (!name || !path || extra.length) throw new MemError('validation', 'projects link needs a NAME and a PATH.', { hint: 'Run: claude-mem projects link webapp ~/code/webapp' });
      return withMemoryDb(ctx, (db) => link(ctx, db, name, path));
    }
    if (sub === 'unlink') {
      const [name, ...extra] = rest;
      if (!name || extra.length) throw new MemError('validation', 'projects unlink needs exactly one NAME.', { hint: 'Run: claude-mem projects unlink webapp' });
      return withMemoryDb(ctx, (db) => {
        known(db, name);
        unbindImportedProject(db, name, ctx.now().toISOString());
        ctx.out.line(`Unlinked "${name}": its imported memories are kept apart until you run \`claude-mem projects link ${name} PATH\`.`);
        return 0;
      });
    }
    throw new MemError('validation', `Unknown projects subcommand "${sub}".`, { hint: 'Use `claude-mem projects`, `projects link NAME PATH` or `projects unlink NAME`.' });
  },
};

function list(ctx: CliContext, db: Db, json: boolean): number {
  const rows = listImportedProjects(db);
  if (json) {
    ctx.out.json(rows);
    return 0;
  }
  if (!rows.length) {
    ctx.out.line('No projects imported from the original claude-mem (see `claude-mem import --from-claude-mem`).');
    return 0;
  }
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  ctx.out.line(`${'name'.padEnd(width)}  observations  summaries  prompts  sessions  linked to`);
  for (const r of rows) {
    const where = r.boundRoot ?? (r.autoBind ? '(not yet: links when a session starts in a git repo of that name)' : '(unlinked: run projects link)');
    ctx.out.line(
      `${r.name.padEnd(width)}  ${String(r.observations).padStart(12)}  ${String(r.summaries).padStart(9)}  ${String(r.prompts).padStart(7)}  ${String(r.sessions).padStart(8)}  ${where}`,
    );
  }
  return 0;
}

function link(ctx: CliContext, db: Db, name: string, path: string): number {
  known(db, name);
  const dir = resolve(ctx.cwd, path);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    throw new MemError('not_found', `${dir} does not exist (${(err as NodeJS.ErrnoException).code ?? err}).`, { hint: 'Pass the folder of the repository the memories belong to.', cause: err });
  }
  if (!isDir) throw new MemError('validation', `${dir} is not a folder.`, { hint: 'Pass the folder of the repository the memories belong to.' });
  const project = resolveProject(dir);
  const moved = bindImportedProject(db, name, project.root, project.name, ctx.now().toISOString());
  ctx.out.line(`Linked "${name}" to ${project.root} (${moved} observation(s) moved there).`);
  return 0;
}

function known(db: Db, name: string): void {
  const names = listImportedProjects(db).map((r) => r.name);
  if (!names.includes(name)) {
    throw new MemError('not_found', `No imported project named "${name}".`, {
      hint: names.length ? `Imported names: ${names.join(', ')}.` : 'Run `claude-mem import --from-claude-mem` first.',
    });
  }
}
