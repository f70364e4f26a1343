import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWrite } from '../config';
import { MemError } from '../contracts';

/**
 * Claude Code's user settings, `<claude dir>/settings.json`: the one place that reads and writes
 * it, with one error policy. A file that is missing is no settings; a file that is not a JSON
 * object is an error naming the file and the fix, raised before anything is changed: Claude Code
 * cannot read it either, and rewriting it would lose what the user wrote.
 */
export interface ClaudeSettings {
  path: string;
  /** The bytes as read: a backup or a checksum needs them exactly. */
  raw: Buffer;
  json: { enabledPlugins?: unknown; [key: string]: unknown };
}

const claudeSettingsPath = (claudeDir: string): string => join(claudeDir, 'settings.json');

export function readClaudeSettings(claudeDir: string): ClaudeSettings | undefined {
  const path = claudeSettingsPath(claudeDir);
  if (!existsSync(path)) return undefined;
  const raw = readFileSync(path);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw broken(path, (err as Error).message);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw broken(path, 'it is not a JSON object');
  return { path, raw, json: json as ClaudeSettings['json'] };
}

/** The `enabledPlugins` map, or an empty one when absent or not a map. */
export function enabledPlugins(s: ClaudeSettings | undefined): Record<string, unknown> {
  const e = s?.json.enabledPlugins;
  return typeof e === 'object' && e !== null && !Array.isArray(e) ? (e as Record<string, unknown>) : {};
}

/** Replace the file atomically, keeping its mode; returns the text written. */
export function writeClaudeSettings(path: string, json: ClaudeSettings['json']): string {
  const text = `${JSON.stringify(json, null, 2)}\n`;
  atomicWrite(path, text, { mode: lstatSync(path).mode & 0o777 });
  return text;
}

function broken(path: string, why: string): MemError {
  return new MemError('validation', `${path} is not valid JSON (${why}); claude-mem changed nothing.`, {
    hint: `Fix the JSON in ${path} (Claude Code cannot read it either), then run the command again.`,
  });
}
