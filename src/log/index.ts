import { appendFileSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
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

/** Our own log files: daily `<prefix>-YYYY-MM-DD.log` and the error log with its one rotated copy. */
const OWN_DAILY = /^(worker|hook|mcp|cli)-(\d{4}-\d{2}-\d{2})\.log$/;
const OWN_ERROR = /^worker-error\.log(\.1)?$/;

export interface LogRetention {
  /** Daily files older than this many days are deleted. */
  maxAgeDays: number;
  /** Our files together stay under this; the oldest daily files go first (today's never). */
  maxTotalBytes: number;
  /** `worker-error.log` is moved to `worker-error.log.1` (replacing it) past this size. */
  maxErrorLogBytes: number;
}

export const DEFAULT_LOG_RETENTION: LogRetention = {
  maxAgeDays: 14,
  maxTotalBytes: 50 * 1024 * 1024,
  maxErrorLogBytes: 5 * 1024 * 1024,
};

/**
 * Keep `logsDir` small: by age, then by total size. Only files matching our own names are
 * touched; the original claude-mem writes `claude-mem-YYYY-MM-DD.log` into the same folder, and
 * those (and anything else there) are never deleted. Returns the file names removed.
 */
export function pruneLogs(logsDir: string, now: Date, limits: LogRetention = DEFAULT_LOG_RETENTION): string[] {
  if (!existsSync(logsDir)) return [];
  const removed: string[] = [];
  const errorLog = join(logsDir, 'worker-error.log');
  if (existsSync(errorLog) && statSync(errorLog).size > limits.maxErrorLogBytes) {
    renameSync(errorLog, `${errorLog}.1`);
  }
  const today = now.toISOString().slice(0, 10);
  const cutoff = new Date(now.getTime() - limits.maxAgeDays * 86_400_000).toISOString().slice(0, 10);
  const files: Array<{ name: string; day: string; bytes: number }> = [];
  let total = 0;
  for (const name of readdirSync(logsDir)) {
    const daily = OWN_DAILY.exec(name);
    if (!daily && !OWN_ERROR.test(name)) continue;
    const bytes = statSync(join(logsDir, name)).size;
    const day = daily?.[2];
    if (day !== undefined && day < cutoff) {
      unlinkSync(join(logsDir, name));
      removed.push(name);
      continue;
    }
    total += bytes;
    if (day !== undefined && day < today) files.push({ name, day, bytes });
  }
  files.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.name.localeCompare(b.name)));
  for (const f of files) {
    if (total <= limits.maxTotalBytes) break;
    unlinkSync(join(logsDir, f.name));
    removed.push(f.name);
    total -= f.bytes;
  }
  return removed;
}

/** Bytes of our own log files in `logsDir` (what `claude-mem stats` reports; others' files left out). */
export function ownLogBytes(logsDir: string): { files: number; bytes: number } {
  if (!existsSync(logsDir)) return { files: 0, bytes: 0 };
  let files = 0;
  let bytes = 0;
  for (const name of readdirSync(logsDir)) {
    if (!OWN_DAILY.test(name) && !OWN_ERROR.test(name)) continue;
    files++;
    bytes += statSync(join(logsDir, name)).size;
  }
  return { files, bytes };
}
