import { parseArgs } from 'node:util';
import { resolvePaths, type Config } from '../config';
import { isMemError } from '../contracts';
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
  let s;
  try {
    s = await readStatus(cfg, ctx.now());
  } catch (err) {
    for (const f of health) ctx.out.warn(f.detail);
    throw err;
  }
  if (values.json) ctx.out.json({ ...s, health });
  else {
    printStatus(ctx.out, s);
    for (const f of health) ctx.out.warn(f.detail);
  }
  return 0;
}

/** `claude-mem status [--json]`: works whether the worker runs or not. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'Worker state, queue counts by state, tokens used today and the last error.',
  usage: 'claude-mem status [--json]',
  run: runStatus,
};
