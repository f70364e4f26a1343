import { resolvePaths } from '../config';
import { confirmationCodeSchema, MemError } from '../contracts';
import { probeWorker, workerApi } from '../worker';
import type { Command } from './context';

/**
 * `claude-mem confirm`: the terminal's half of a risky change made in the viewer (a base URL, a
 * provider, redaction off…). Shows what the viewer asked for and prints a one-time code to type
 * there. Only the install token can get a code, so a borrowed viewer cookie alone changes nothing.
 */
export const confirmCommand: Command = {
  name: 'confirm',
  summary: 'Confirm a risky change made in the viewer: shows the change and prints a one-time code to enter there.',
  usage: 'claude-mem confirm',
  async run(args, ctx) {
    if (args.length > 0) throw new MemError('validation', `confirm takes no arguments (got ${args.length}).`, { hint: 'Run: claude-mem confirm' });
    const paths = resolvePaths(ctx.env, ctx.home);
    const probe = await probeWorker(paths);
    if (!probe.runtime || !probe.healthy) {
      throw new MemError('worker_unreachable', 'The claude-mem worker is not running, so no change can be waiting.', {
        hint: 'Start it with `claude-mem worker start`, make the change in the viewer, then run `claude-mem confirm`.',
      });
    }
    const answer = await workerApi(paths, probe.runtime, '/api/confirmations', confirmationCodeSchema, { method: 'POST' });
    if (!answer.ok) {
      throw new MemError(answer.status === 404 ? 'not_found' : 'worker_unreachable', answer.error?.message ?? `The worker answered HTTP ${answer.status}.`, {
        hint: answer.error?.hint ?? 'Restart the worker with `claude-mem worker restart` and try again.',
      });
    }
    const body = answer.body;
    const c = body.change;
    const what = c.display === 'not set' ? `remove ${c.key}` : `set ${c.key} to ${c.display}`;
    ctx.out.line(`The viewer asks to ${what}`);
    ctx.out.line(`(${c.reason}).`);
    ctx.out.line('');
    ctx.out.line(`If that was you, enter this code in the viewer within ${Math.round(body.ttlSeconds / 60)} minutes:`);
    ctx.out.line('');
    ctx.out.line(`    ${body.code}`);
    ctx.out.line('');
    ctx.out.line('If it was not you, do nothing: the change is not made without the code.');
    return 0;
  },
};
