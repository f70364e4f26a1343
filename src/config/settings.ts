import { existsSync, readFileSync } from 'node:fs';
import { MemError } from '../contracts';
import { atomicWrite, type FileWriter } from './atomic-write';
import { displaySettingValue, MAX_VALUE_CHARS } from './display';
import { isOriginalSettingKey } from './original-settings';
import type { Paths } from './paths';
import { isSettingKey, SETTING_KEYS, SETTINGS, type SettingKey, type Settings, type SettingValue } from './settings-schema';

export type SettingSource = 'env' | 'file' | 'default';

export interface LoadedSettings {
  settings: Settings;
  sources: Record<SettingKey, SettingSource>;
  /** Keys in settings.json this version does not know; kept on write, reported by `config`. */
  unknownKeys: string[];
  /** Keys the original claude-mem wrote into the shared settings.json: kept on write, ignored. */
  originalKeys: string[];
  /** settings.json as read (flat object), for checks that look at keys we do not use. */
  file: Record<string, unknown>;
}

/** Read settings.json as a flat object. Missing file → {}. Malformed → `config_invalid`. */
export function readSettingsFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    // EISDIR, EACCES…: name the file rather than surfacing a bare errno with a stack trace.
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new MemError('config_invalid', `${path} could not be read (${code}).`, {
      hint: 'Make it a regular file readable by you, or move it away to start from defaults.',
      cause: err,
    });
  }
  if (raw.charCodeAt(0) === 0xfeff) {
    throw new MemError('config_invalid', `${path} starts with a byte-order mark (BOM).`, {
      hint: 'Save the file as UTF-8 without BOM.',
    });
  }
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new MemError('config_invalid', `${path} is not valid JSON: ${withLineColumn((err as Error).message, raw)}.`, {
      hint: `Fix the JSON, or move the file away to start from defaults (a backup is kept at ${path}.bak when claude-mem writes it).`,
      cause: err,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MemError('config_invalid', `${path} must hold a JSON object of CLAUDE_MEM_* keys.`, {
      hint: 'Write it as {"CLAUDE_MEM_PROVIDER": "claude", ...}.',
    });
  }
  return parsed as Record<string, unknown>;
}

/** Parse one value for one key; throws `config_invalid` naming the key, where it came from and what is expected. */
export function parseSetting(
  key: SettingKey,
  value: unknown,
  where: string,
  hint = `Fix ${key} in ${where}, or remove it to use the default (${JSON.stringify(SETTINGS[key].default)}).`,
): SettingValue {
  const def = SETTINGS[key];
  // "" means "use the default": the original claude-mem writes empty strings for settings it leaves unset.
  if (isBlank(value)) return def.default;
  const input = typeof value === 'string' ? value.trim() : value;
  const result = def.schema.safeParse(input);
  if (!result.success) {
    throw new MemError('config_invalid', `${key} in ${where} is ${quoteForError(key, value)}; expected ${def.expected}.`, {
      hint,
    });
  }
  return result.data;
}

/** The bad value as the error shows it: URLs without their secrets, huge values cut short. */
function quoteForError(key: SettingKey, value: unknown): string {
  const shown = JSON.stringify(displaySettingValue(key, value)) ?? String(value);
  return shown.length > 200 ? `${shown.slice(0, 120)}… (${shown.length} characters)` : shown;
}

/** A blank string in settings.json or the environment stands for the default. */
export function isBlank(value: unknown): boolean {
  return typeof value === 'string' && value.trim() === '';
}

/** Node reports JSON errors by character offset; people fix files by line and column. */
function withLineColumn(message: string, raw: string): string {
  const m = /at position (\d+)/.exec(message);
  if (!m) return message;
  const before = raw.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

/** Setting `key` as the environment gives it: set and not blank (a blank value stands for the default). */
export function settingFromEnv(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const v = env[key];
  return v !== undefined && !isBlank(v) ? v : undefined;
}

/** Effective settings: environment CLAUDE_MEM_* > settings.json > defaults. No side effects. */
export function loadSettings(paths: Paths, env: NodeJS.ProcessEnv): LoadedSettings {
  const file = readSettingsFile(paths.settingsPath);
  const values: Record<string, SettingValue> = {};
  const sources = {} as Record<SettingKey, SettingSource>;
  for (const key of SETTING_KEYS) {
    const fromEnv = settingFromEnv(env, key);
    if (fromEnv !== undefined) {
      values[key] = parseSetting(key, fromEnv, 'the environment');
      sources[key] = 'env';
    } else if (file[key] !== undefined && !isBlank(file[key])) {
      values[key] = parseSetting(key, file[key], paths.settingsPath);
      sources[key] = 'file';
    } else {
      values[key] = SETTINGS[key].default;
      sources[key] = 'default';
    }
  }
  const foreign = Object.keys(file).filter((k) => !isSettingKey(k));
  const originalKeys = foreign.filter(isOriginalSettingKey);
  const unknownKeys = foreign.filter((k) => !isOriginalSettingKey(k));
  return { settings: values as Settings, sources, unknownKeys, originalKeys, file };
}

/**
 * Validate and write one setting into settings.json: atomic (temp + rename), mode 0600, previous
 * file kept as settings.json.bak, unknown keys preserved. Returns the parsed value.
 */
export function writeSetting(
  paths: Paths,
  key: string,
  value: string,
  writer?: FileWriter,
): SettingValue {
  if (!isSettingKey(key)) {
    throw new MemError('config_invalid', `${key} is not a claude-mem setting.`, {
      hint: `Known settings: ${SETTING_KEYS.join(', ')}.`,
    });
  }
  if (value.length > MAX_VALUE_CHARS) {
    throw new MemError('config_invalid', `${key} is ${value.length} characters long; a setting holds at most ${MAX_VALUE_CHARS}.`, {
      hint: `${paths.settingsPath} was not changed.`,
    });
  }
  const parsed = parseSetting(
    key,
    value,
    'the `config set` command',
    `${paths.settingsPath} was not changed. Run \`claude-mem config\` to see the current value.`,
  );
  const file = readSettingsFile(paths.settingsPath);
  // Keep the file's style: the original claude-mem, which shares this file, writes every value as a string.
  file[key] = typeof file[key] === 'string' ? String(parsed) : parsed;
  atomicWrite(paths.settingsPath, `${JSON.stringify(file, null, 2)}\n`, {
    mode: 0o600,
    backupPath: `${paths.settingsPath}.bak`,
    ...(writer ? { writer } : {}),
  });
  return parsed;
}
