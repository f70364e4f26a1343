import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MemError } from '../contracts';
import type { CliContext, Command } from './context';
import { runStatus } from './status-command';
import { ensureWorker, stopWorker } from './worker-control';

const USAGE = `claude-mem worker start|stop|restart|status [--json]|logs [-n N]
  start    start the worker in the background (or report the running one)
  stop     stop it (SIGTERM, then SIGKILL after 10 s)
  restart  stop, then start a new process (reloads .env and settings.json)
  status   worker state, queue counts, tokens today, last error
  logs     the last 50 lines of today's logs/worker-YYYY-MM-DD.log`;

/** `claude-mem worker …`: the worker's lifecycle. */
export const workerCommand: Command = {
  name: 'worker',
  summary: 'Start, stop, restart the background worker; show its status or logs.',
  usage: USAGE,
  async run(args, ctx) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'start':
        return start(rest, ctx);
      case 'stop':
        return stop(rest, ctx);
      case 'restart':
        await stop(rest, ctx);
        return start(rest, ctx);
      case 'status':
        return runStatus(rest, ctx);
      case 'logs':
        return logs(rest, ctx);
      default:
        throw new MemError('validation', sub ? `Unknown worker command "${sub}".` : 'worker needs a subcommand.', {
          hint: 'Use one of: start, stop, restart, status, logs.',
        });
    }
  },
};

async function start(args: string[], ctx: CliContext): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  const cfg = ctx.config();
  const { started, runtime } = await ensureWorker(cfg.paths, ctx.env);
  ctx.out.line(
    `${started ? 'Worker started' : 'Worker already running'}: pid ${runtime.pid}, port ${runtime.port}, viewer http://127.0.0.1:${runtime.port}/`,
  );
  return 0;
}

async function stop(args: string[], ctx: CliContext): Promise<number> {
  parseArgs({ args, options: {}, strict: true });
  const r = await stopWorker(ctx.config().paths);
  if (!r.stopped) ctx.out.line('Worker not running.');
  else ctx.out.line(`Worker stopped (pid ${r.pid}${r.killed ? ', killed after it did not stop in time' : ''}).`);
  return 0;
}

function logs(args: string[], ctx: CliContext): number {
  const { values } = parseArgs({ args, options: { n: { type: 'string', short: 'n' } }, strict: true });
  const n = values.n === undefined ? 50 : Number(values.n);
  if (!Number.isInteger(n) || n < 1) throw new MemError('validation', '-n must be a positive whole number.');
  const { logsDir } = ctx.config().paths;
  // The logger names files by UTC date (ISO timestamps), so today's file is the UTC day's.
  const file = join(logsDir, `worker-${ctx.now().toISOString().slice(0, 10)}.log`);
  if (!existsSync(file)) {
    ctx.out.line(`No worker log for today yet (${file}).`);
    return 0;
  }
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const l of lines.slice(-n)) ctx.out.line(l);
  return 0;
}
