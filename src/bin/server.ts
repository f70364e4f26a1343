// The team server process: `node dist/bin/server.js [--host H] [--port P]`, started by
// `claude-mem server start` (detached) or directly under a process manager (foreground).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createFileLogger } from '../log';
import { clearServerRuntime, DEFAULT_SERVER_PORT, startTeamServer, writeServerRuntime } from '../server';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

const { values } = parseArgs({ options: { host: { type: 'string' }, port: { type: 'string' } }, strict: true });
const config = loadConfig();
const logger = createFileLogger({ logsDir: config.paths.logsDir, component: 'server', errorFile: 'server-error.log', prefix: 'server' });
const databaseUrl = config.credentials.CLAUDE_MEM_SERVER_DATABASE_URL;
if (!databaseUrl) {
  process.stderr.write(`claude-mem server: CLAUDE_MEM_SERVER_DATABASE_URL is not set in ${config.paths.envPath}.\n`);
  process.exit(78);
}
const host = values.host ?? '127.0.0.1';
const port = Number(values.port ?? DEFAULT_SERVER_PORT);

let server;
try {
  server = await startTeamServer({ databaseUrl, host, port, logger, version: VERSION });
} catch (err) {
  // The message is already free of the database password (startTeamServer redacts it).
  logger.error('server failed to start', { error: (err as Error).message });
  process.stderr.write(`claude-mem server failed to start: ${(err as Error).message}\n`);
  process.exit(1);
}
writeServerRuntime(config.paths.dataDir, { pid: process.pid, host, port: server.port, version: VERSION, startedAt: new Date().toISOString() });
const running = server;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info('stopping', { signal });
    clearServerRuntime(config.paths.dataDir, process.pid);
    void running.close().finally(() => process.exit(0));
  });
}
