import { parseArgs } from 'node:util';
import type { CliContext, Command } from './context';
import { printStatus, readStatus } from './status-report';

/** Shared by `claude-mem status` and `claude-mem worker status`. */
export async function runStatus(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true });
  const s = await readStatus(ctx.config(), ctx.now());
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
