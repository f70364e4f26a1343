#!/usr/bin/env node
// Composition root of the MCP stdio server. Stdout carries only JSON-RPC; logs go to
// <data dir>/logs/mcp-YYYY-MM-DD.log, and a start-up failure is one line on stderr.
import { ensureDataDir, listSetting, loadConfig } from '../config';
import { isMemError } from '../contracts';
import { createFileLogger } from '../log';
import { createMcpServer, LineTransport } from '../mcp';
import { createEmbedder } from '../search';
import { openOurStore } from '../store';
import { exitWhenFlushed } from './exit';

declare const __VERSION__: string | undefined;

try {
  const config = loadConfig();
  ensureDataDir(config.paths);
  const logger = createFileLogger({ logsDir: config.paths.logsDir, component: 'mcp', level: config.settings.CLAUDE_MEM_LOG_LEVEL as 'info' });
  const db = openOurStore(config.paths);
  const embedder = createEmbedder(config);
  // Claude Code starts MCP servers in the project folder; CLAUDE_PROJECT_DIR wins when it is set.
  const cwd = process.env.CLAUDE_PROJECT_DIR || process.cwd();
  const server = createMcpServer({
    db,
    cwd,
    now: () => new Date(),
    logger,
    recency: config.settings.CLAUDE_MEM_SEARCH_RECENCY,
    redactSecrets: config.settings.CLAUDE_MEM_REDACT_SECRETS,
    excludedProjects: listSetting(config.settings.CLAUDE_MEM_EXCLUDED_PROJECTS),
    ...(embedder ? { embedder } : {}),
    version: typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev',
  });
  // Our own stdio transport: it answers parse errors (-32700) and oversized lines instead of
  // dropping them or exiting in silence, and logs both.
  const transport = new LineTransport(process.stdin, process.stdout, logger);
  server.server.onerror = (err) => logger.error('MCP protocol error', { error: err.message });
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    db.close();
    void exitWhenFlushed(0);
  };
  // The client closing our stdin is the end of the session.
  transport.onclose = shutdown;
  process.stdin.on('end', shutdown);
  await server.connect(transport);
  logger.info('MCP server ready', { cwd, embeddings: embedder?.id ?? 'none' });
} catch (err) {
  const msg = isMemError(err) ? `${err.message}${err.hint ? ` (${err.hint})` : ''}` : String((err as Error).stack ?? err);
  process.stderr.write(`claude-mem mcp: ${msg}\n`);
  await exitWhenFlushed(1);
}
