import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { claudeConfigDir, resolvePaths, type Config } from '../config';
import { isMemError } from '../contracts';
import { listImportedProjects, openStore, type ImportedProject } from '../store';
import { claudeSettingsWarnings } from './claude-plugins';
import type { CliContext, Command } from './context';
import { dataDirHealth } from './data-health';
import { printStatus, readStatus } from './status-report';

/** Shared by `claude-mem status` and `claude-mem worker status`. */
export async function runStatus(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true });
  let cfg: Config;
  try {
    cfg = ctx.config();
  } catch (err) {
    // A broken settings.json: still say what the hooks did meanwhile, then the error and its fix.
    if (!isMemError(err) || err.kind !== 'config_invalid') throw err;
    for (const f of dataDirHealth(resolvePaths(ctx.env, ctx.home))) if (f.level !== 'ok') ctx.out.warn(f.detail);
    throw err;
  }
  const health = dataDirHealth(cfg.paths).filter((f) => f.level !== 'ok');
  let read;
  try {
    read = await readStatus(cfg, ctx.now());
  } catch (err) {
    for (const f of health) ctx.out.warn(f.detail);
    throw err;
  }
  const s = { ...read, warnings: [...read.warnings, ...claudeSettingsWarnings(claudeConfigDir(ctx.env, ctx.home, ctx.cwd))] };
  const imported = readImported(cfg);
  if (values.json) ctx.out.json(imported.length ? { ...s, health, imported } : { ...s, health });
  else {
    printStatus(ctx.out, s);
    for (const f of health) ctx.out.warn(f.detail);
    for (const p of imported) {
      const where = p.boundRoot
        ? `linked to ${p.boundRoot} since ${p.boundAt ?? '?'} (wrong folder? claude-mem projects unlink ${p.name})`
        : p.autoBind
          ? 'not linked yet: links to the first git repo of that name a session starts in'
          : `unlinked: run claude-mem projects link ${p.name} PATH`;
      ctx.out.line(`imported: "${p.name}" (${p.observations} observations from the original claude-mem) ${where}`);
    }
  }
  return 0;
}

/** Project names imported from the original claude-mem, read-only; none when there is no database yet. */
function readImported(cfg: Config): ImportedProject[] {
  if (!existsSync(cfg.paths.dbPath)) return [];
  const db = openStore(cfg.paths.dbPath, { readonly: true });
  try {
    return listImportedProjects(db);
  } finally {
    db.close();
  }
}

/** `claude-mem status [--json]`: works whether the worker runs or not. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'Worker state, queue counts by state, tokens used today and the last error.',
  usage: 'claude-mem status [--json]',
  run: runStatus,
};
