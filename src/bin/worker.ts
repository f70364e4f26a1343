// The worker process: `node dist/bin/worker.js`, started detached by `claude-mem worker start`
// or a SessionStart hook. Exits 0 at once when another worker holds the data dir's lock.
import { createAgent } from '../agent';
import { loadConfig } from '../config';
import { createFileLogger } from '../log';
import { startWorker } from '../worker';

const config = loadConfig();
const logger = createFileLogger({
  logsDir: config.paths.logsDir,
  component: 'worker',
  errorFile: 'worker-error.log',
  prefix: 'worker',
  level: config.settings.CLAUDE_MEM_LOG_LEVEL as 'debug' | 'info' | 'warn' | 'error',
});

process.on('uncaughtException', (err) => {
  logger.error('Uncaught exception; worker exiting', { error: err.stack ?? String(err) });
  process.exit(1);
});
process.on('unhandledRejection', (err) => {
  logger.error('Unhandled rejection; worker exiting', { error: (err as Error)?.stack ?? String(err) });
  process.exit(1);
});

let result;
try {
  result = await startWorker({ config, reloadConfig: () => loadConfig(), logger, createAgent });
} catch (err) {
  logger.error('Worker failed to start', { error: (err as Error).stack ?? String(err) });
  process.stderr.write(`claude-mem worker failed to start: ${(err as Error).message}\n`);
  process.exit(1);
}
if (result.status === 'already_running') {
  process.stderr.write('claude-mem worker: another worker is already running for this data dir.\n');
  process.exit(0);
}
const { shutdown } = result;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void shutdown(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('Shutdown failed', { error: (err as Error).stack ?? String(err) });
        process.exit(1);
      },
    );
  });
}
