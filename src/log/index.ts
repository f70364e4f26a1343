import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured, file-only logging: stdout is a protocol channel for hooks, MCP and the CLI. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface FileLoggerOptions {
  logsDir: string;
  /** Which process writes: shown in every line (`worker`, `hook`, `mcp`, `cli`). */
  component: string;
  level?: LogLevel;
  now?: () => Date;
  /** Also append errors to this file name in logsDir (the worker uses `worker-error.log`). */
  errorFile?: string;
  /** Daily file prefix: `<prefix>-YYYY-MM-DD.log`. Defaults to the component. */
  prefix?: string;
}

/**
 * Appends one line per entry to `<logsDir>/<prefix>-YYYY-MM-DD.log` (and errors to `errorFile`).
 * Synchronous appends: entries survive a crash right after, and volumes are small.
 * A failing log write never throws into the caller.
 */
export function createFileLogger(opts: FileLoggerOptions): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const now = opts.now ?? (() => new Date());
  const prefix = opts.prefix ?? opts.component;
  let dirReady = false;
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const t = now().toISOString();
    const extra = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
    const line = `${t} ${level.toUpperCase().padEnd(5)} [${opts.component}] ${msg}${extra}\n`;
    try {
      if (!dirReady) {
        mkdirSync(opts.logsDir, { recursive: true, mode: 0o700 });
        dirReady = true;
      }
      appendFileSync(join(opts.logsDir, `${prefix}-${t.slice(0, 10)}.log`), line, { mode: 0o600 });
      if (level === 'error' && opts.errorFile) appendFileSync(join(opts.logsDir, opts.errorFile), line, { mode: 0o600 });
    } catch (err) {
      // Logging must never break a hook or the worker; a full disk will surface elsewhere.
      void err;
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

/** A logger that keeps lines in memory: for tests and for code that wants to inspect what was logged. */
export function createMemoryLogger(): Logger & { lines: Array<{ level: LogLevel; msg: string; fields?: Record<string, unknown> }> } {
  const lines: Array<{ level: LogLevel; msg: string; fields?: Record<string, unknown> }> = [];
  const push = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) =>
    void lines.push(fields ? { level, msg, fields } : { level, msg });
  return { lines, debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}
