import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { resolvePaths } from '../config';
import { loginCodeSchema, MemError, type LoginCode } from '../contracts';
import { createFileLogger, type Logger } from '../log';
import { probeWorker, workerApi, type WorkerAnswer } from '../worker';
import type { Command } from './context';

/** Opens a URL in the user's browser; resolves false when no opener could be started. */
export type BrowserLauncher = (url: string, logger: Logger) => Promise<boolean>;

/**
 * `claude-mem open`: ask the running worker for a one-time login code (with the install token,
 * which never reaches the browser), print the login URL and try to open it. Opening is best
 * effort: a headless box or a missing xdg-open only gets a log line; the printed URL still works.
 */
export function createOpenCommand(deps: { launch?: BrowserLauncher } = {}): Command {
  const launch = deps.launch ?? launchBrowser;
  return {
    name: 'open',
    summary: 'Open the web viewer: print a one-time login link and open it in your browser.',
    usage: 'claude-mem open [--no-browser]\n  --no-browser  only print the link',
    async run(args, ctx) {
      const { values } = parseArgs({
        args,
        options: { 'no-browser': { type: 'boolean' } },
        strict: true,
      });
      const paths = resolvePaths(ctx.env, ctx.home);
      const logger = createFileLogger({ logsDir: paths.logsDir, component: 'cli' });
      const probe = await probeWorker(paths);
      if (!probe.runtime || !probe.healthy) {
        throw new MemError(
          'worker_unreachable',
          'The claude-mem worker is not running, so there is no viewer to open.',
          {
            hint: 'Start it with `claude-mem worker start`, then run `claude-mem open` again.',
          },
        );
      }
      let answer: WorkerAnswer<LoginCode>;
      try {
        answer = await workerApi(paths, probe.runtime, '/api/login-codes', loginCodeSchema, { method: 'POST' });
      } catch (err) {
        if (err instanceof MemError) throw err;
        throw new MemError(
          'worker_unreachable',
          `The worker did not answer: ${(err as Error).message}.`,
          {
            hint: 'Check it with `claude-mem worker status`, or restart it with `claude-mem worker restart`.',
            cause: err,
          },
        );
      }
      if (!answer.ok) {
        throw new MemError(
          answer.status === 401 ? 'unauthorized' : 'worker_unreachable',
          `The worker could not create a login link (HTTP ${answer.status}): ${answer.error?.message ?? 'no link in its answer'}.`,
          {
            hint:
              answer.error?.hint ??
              'Restart the worker with `claude-mem worker restart` and try again.',
          },
        );
      }
      const url = answer.body.url;
      ctx.out.line(url);
      const opened = values['no-browser'] ? false : await launch(url, logger);
      ctx.out.line(
        opened
          ? 'Opening it in your browser. The link works once, within a minute.'
          : 'Open the link above in your browser. It works once, within a minute.',
      );
      return 0;
    },
  };
}

export const openCommand = createOpenCommand();

/** xdg-open / open / start, detached, never awaited past its spawn; failures are logged only. */
export function launchBrowser(url: string, logger: Logger): Promise<boolean> {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  return new Promise((resolve) => {
    try {
      const child = spawn(cmd, args as string[], { detached: true, stdio: 'ignore' });
      child.once('error', (err) => {
        logger.warn('could not open a browser', { command: cmd, error: err.message });
        resolve(false);
      });
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch (err) {
      logger.warn('could not open a browser', { command: cmd, error: (err as Error).message });
      resolve(false);
    }
  });
}
