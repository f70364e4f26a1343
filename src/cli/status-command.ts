import { parseArgs } from 'node:util';
import { claudeConfigDir, otherPluginWarnings } from './claude-plugins';
import type { CliContext, Command } from './context';
import { printStatus, readStatus } from './status-report';

/** Shared by `claude-mem status` and `claude-mem worker status`. */
export async function runStatus(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true });
  const read = await readStatus(ctx.config(), ctx.now());
  const s = { ...read, warnings: [...read.warnings, ...otherPluginWarnings(claudeConfigDir(ctx.env, ctx.home, ctx.cwd))] };
  if (values.json) ctx.out.json(s);
  else printStatus(ctx.out, s);
  return 0;
}

/** `claude-mem status [--json]`: works whether the worker runs or not. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'Worker state, queue counts by state, tokens used today and the last error.',
  usage: 'claude-mem status [--json]',
  run: runStatus,
};
