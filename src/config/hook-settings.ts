import { existsSync, readFileSync } from 'node:fs';
import { MemError } from '../contracts';
import type { Paths } from './paths';
import type { Settings } from './settings-schema';

/**
 * Log level names of the original claude-mem (DEBUG, INFO, WARN, ERROR, SILENT) that are not ours;
 * here rather than in settings-schema.ts so the hook bundle does not load zod.
 */
export const LOG_LEVEL_ALIASES = { warning: 'warn', silent: 'error' } as const;

/** The settings that shape the session-start memory (the viewer previews unsaved values of these). */
export const SESSION_CONTEXT_SETTING_KEYS = [
  'CLAUDE_MEM_CONTEXT_TOKENS',
  'CLAUDE_MEM_CONTEXT_OBSERVATIONS',
  'CLAUDE_MEM_CONTEXT_SESSION_COUNT',
  'CLAUDE_MEM_CONTEXT_FULL_COUNT',
  'CLAUDE_MEM_CONTEXT_FULL_FIELD',
  'CLAUDE_MEM_CONTEXT_SHOW_LAST_SUMMARY',
  'CLAUDE_MEM_CONTEXT_OBSERVATION_TYPES',
  'CLAUDE_MEM_CONTEXT_OBSERVATION_CONCEPTS',
  'CLAUDE_MEM_CONTEXT_EXCLUDE_TYPES',
  'CLAUDE_MEM_CONTEXT_EXCLUDE_CONCEPTS',
] as const;

/** The settings a hook reads. */
export const HOOK_SETTING_KEYS = [
  ...SESSION_CONTEXT_SETTING_KEYS,
  'CLAUDE_MEM_PROMPT_CONTEXT_TOKENS',
  'CLAUDE_MEM_EXCLUDED_PROJECTS',
  'CLAUDE_MEM_SKIP_TOOLS',
  'CLAUDE_MEM_REDACT_SECRETS',
  'CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS',
  'CLAUDE_MEM_LOG_LEVEL',
] as const;
export type HookSettings = Pick<Settings, (typeof HOOK_SETTING_KEYS)[number]>;

type Rule =
  | { type: 'int'; default: number; min: number; max: number }
  | { type: 'bool'; default: boolean }
  | { type: 'text'; default: string }
  | { type: 'enum'; default: string; values: readonly string[]; aliases?: Readonly<Record<string, string>> };

/**
 * The same defaults and rules as settings-schema.ts, written without zod: loading zod would
 * double a hook's start-up time, and a hook runs on every tool call. A unit test
 * (test/unit/hooks-settings.test.ts) proves this agrees with `loadConfig` key by key.
 */
const RULES: Record<(typeof HOOK_SETTING_KEYS)[number], Rule> = {
  CLAUDE_MEM_CONTEXT_TOKENS: { type: 'int', default: 1_500, min: 0, max: 50_000 },
  CLAUDE_MEM_CONTEXT_OBSERVATIONS: { type: 'int', default: 50, min: 0, max: 1_000 },
  CLAUDE_MEM_PROMPT_CONTEXT_TOKENS: { type: 'int', default: 300, min: 0, max: 5_000 },
  CLAUDE_MEM_CONTEXT_SESSION_COUNT: { type: 'int', default: 10, min: 0, max: 1_000 },
  CLAUDE_MEM_CONTEXT_FULL_COUNT: { type: 'int', default: 0, min: 0, max: 100 },
  CLAUDE_MEM_CONTEXT_FULL_FIELD: { type: 'enum', default: 'facts', values: ['facts', 'narrative'] },
  CLAUDE_MEM_CONTEXT_SHOW_LAST_SUMMARY: { type: 'bool', default: true },
  CLAUDE_MEM_CONTEXT_OBSERVATION_TYPES: { type: 'text', default: '' },
  CLAUDE_MEM_CONTEXT_OBSERVATION_CONCEPTS: { type: 'text', default: '' },
  CLAUDE_MEM_CONTEXT_EXCLUDE_TYPES: { type: 'text', default: '' },
  CLAUDE_MEM_CONTEXT_EXCLUDE_CONCEPTS: { type: 'text', default: '' },
  CLAUDE_MEM_EXCLUDED_PROJECTS: { type: 'text', default: '' },
  CLAUDE_MEM_SKIP_TOOLS: {
    type: 'text',
    default: 'TodoWrite,TaskCreate,TaskUpdate,TaskList,ListMcpResourcesTool,mcp__plugin_claude-mem_*',
  },
  CLAUDE_MEM_REDACT_SECRETS: { type: 'bool', default: true },
  CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS: { type: 'int', default: 4_000, min: 200, max: 100_000 },
  CLAUDE_MEM_LOG_LEVEL: {
    type: 'enum',
    default: 'info',
    values: ['debug', 'info', 'warn', 'error'],
    aliases: LOG_LEVEL_ALIASES,
  },
};

/**
 * Effective hook settings: environment CLAUDE_MEM_* > settings.json > defaults, like
 * `loadConfig`. Throws `config_invalid` naming the key and where it came from.
 */
export function loadHookSettings(paths: Paths, env: NodeJS.ProcessEnv): HookSettings {
  const file = readFlatJson(paths.settingsPath);
  const out: Record<string, unknown> = {};
  for (const key of HOOK_SETTING_KEYS) {
    const fromEnv = env[key];
    // A blank value means "default", as in settings.ts (the original claude-mem writes "" for unset keys).
    if (fromEnv !== undefined && !blank(fromEnv)) out[key] = parseValue(key, fromEnv, 'the environment');
    else if (file[key] !== undefined && !blank(file[key])) out[key] = parseValue(key, file[key], paths.settingsPath);
    else out[key] = RULES[key].default;
  }
  return out as HookSettings;
}

/** Hook settings, or the defaults plus the reason when settings.json (or an env value) is broken. */
export type HookSettingsResult = { settings: HookSettings; problem?: MemError };

/**
 * Like `loadHookSettings`, but never throws: a broken settings.json (invalid JSON, a BOM, a wrong
 * type, a folder in its place) must not stop capture. The caller gets the defaults and the
 * problem; the hook then spools its event rather than record it under settings the user did not
 * choose (an excluded project or a disabled redaction must not be bypassed by a typo).
 */
export function loadHookSettingsOrDefaults(paths: Paths, env: NodeJS.ProcessEnv): HookSettingsResult {
  try {
    return { settings: loadHookSettings(paths, env) };
  } catch (err) {
    const problem =
      err instanceof MemError
        ? err
        : new MemError('config_invalid', `${paths.settingsPath} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, {
            hint: `Make ${paths.settingsPath} a readable JSON file, or remove it to use the defaults.`,
            cause: err,
          });
    const defaults = Object.fromEntries(HOOK_SETTING_KEYS.map((k) => [k, RULES[k].default]));
    return { settings: defaults as HookSettings, problem };
  }
}

function parseValue(key: (typeof HOOK_SETTING_KEYS)[number], raw: unknown, where: string): unknown {
  const rule = RULES[key];
  const v = typeof raw === 'string' ? raw.trim() : raw;
  const fail = (expected: string) =>
    new MemError(
      'config_invalid',
      `${key} in ${where} is ${JSON.stringify(raw)}; expected ${expected}.`,
      {
        hint: `Fix ${key} in ${where}, or remove it to use the default (${JSON.stringify(rule.default)}).`,
      },
    );
  switch (rule.type) {
    case 'int': {
      const n =
        typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
      if (!Number.isInteger(n) || n < rule.min || n > rule.max)
        throw fail(`a whole number from ${rule.min} to ${rule.max}`);
      return n;
    }
    case 'bool': {
      if (typeof v === 'boolean') return v;
      const s = typeof v === 'string' ? v.toLowerCase() : '';
      if (['true', '1', 'yes'].includes(s)) return true;
      if (['false', '0', 'no'].includes(s)) return false;
      throw fail('true or false');
    }
    case 'text':
      if (typeof v !== 'string') throw fail('a string');
      return v;
    case 'enum': {
      // Case-insensitive, with the same aliases as the schema ("INFO", "SILENT" from the original claude-mem).
      const lower = typeof v === 'string' ? v.toLowerCase() : '';
      const named = rule.aliases && Object.hasOwn(rule.aliases, lower) ? rule.aliases[lower] : lower;
      if (named === undefined || !rule.values.includes(named)) throw fail(`one of ${rule.values.join(', ')}`);
      return named;
    }
  }
}

function blank(v: unknown): boolean {
  return typeof v === 'string' && v.trim() === '';
}

function readFlatJson(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  const raw = readFileSync(path, 'utf8');
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new MemError('config_invalid', `${path} is not valid JSON.`, {
      hint: 'Fix the JSON, or run `claude-mem config`.',
      cause: err,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MemError('config_invalid', `${path} must hold a JSON object of CLAUDE_MEM_* keys.`);
  }
  return parsed as Record<string, unknown>;
}
