import { z } from 'zod';
import { LOG_LEVEL_ALIASES } from './hook-settings';

/**
 * Every setting the product reads: flat `CLAUDE_MEM_*` keys, typed, with defaults.
 * On disk (settings.json) and in the environment values may be strings; they are parsed here.
 * Add a setting by adding one entry; `config`, validation and docs/configuration.md follow it.
 */
export type SettingValue = string | number | boolean;

interface SettingDef<T extends SettingValue> {
  schema: z.ZodType<T>;
  default: T;
  doc: string;
  expected: string;
  choices?: readonly string[];
}

const bool = (def: boolean, doc: string): SettingDef<boolean> => ({
  schema: z.union([
    z.boolean(),
    z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
      .transform((s) => ['true', '1', 'yes'].includes(s)),
  ]) as unknown as z.ZodType<boolean>,
  default: def,
  doc,
  expected: 'true or false',
});

const int = (def: number, min: number, max: number, doc: string): SettingDef<number> => ({
  // Numbers or decimal digit strings only: z.coerce would turn "", null, true and [] into 0 or 1.
  schema: z
    .union([z.number(), z.string().regex(/^-?\d+$/).transform(Number)])
    .pipe(z.number().int().min(min).max(max)) as unknown as z.ZodType<number>,
  default: def,
  doc,
  expected: `a whole number from ${min} to ${max}`,
});

const oneOf = <const V extends readonly [string, ...string[]]>(
  values: V,
  def: V[number],
  doc: string,
  aliases: Readonly<Record<string, V[number]>> = {},
): SettingDef<V[number]> => ({
  // Typed as the literal union, so `settings.CLAUDE_MEM_LOG_LEVEL` is 'debug' | 'info' | … not string.
  // Case-insensitive, with aliases: the original claude-mem writes "INFO" into the shared settings.json.
  schema: z
    .string()
    .transform((s) => s.toLowerCase())
    .transform((s) => (Object.hasOwn(aliases, s) ? (aliases[s] as string) : s))
    .pipe(z.enum(values)) as unknown as z.ZodType<V[number]>,
  default: def,
  doc,
  expected: `one of ${values.join(', ')}`,
  /** The canonical values (the viewer offers them; the schema above is a pipe, not a plain enum). */
  choices: values,
});

const text = (def: string, doc: string, expected = 'a string'): SettingDef<string> => ({
  schema: z.string() as z.ZodType<string>,
  default: def,
  doc,
  expected,
});

/** What `url()` settings promise; display code recognizes URL settings by it (to hide user info). */
export const URL_EXPECTED = 'an http(s) URL, or empty';

const url = (def: string, doc: string): SettingDef<string> => ({
  schema: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]) as unknown as z.ZodType<string>,
  default: def,
  doc,
  expected: URL_EXPECTED,
});

export const PROVIDERS = ['claude', 'claude-code', 'openrouter', 'gemini', 'offline'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const SETTINGS = {
  CLAUDE_MEM_PROVIDER: oneOf(
    PROVIDERS,
    'claude',
    'Which backend writes observations. `claude` covers every Anthropic-compatible endpoint (set ANTHROPIC_BASE_URL in .env for a gateway); `claude-code` runs your own `claude` CLI headless with its own login or gateway settings (no key in .env); `offline` sends nothing anywhere.',
  ),
  CLAUDE_MEM_MODEL: text(
    'claude-haiku-4-5',
    'Model for the `claude` and `claude-code` providers, sent verbatim (a gateway alias must match it).',
    'a model name',
  ),
  CLAUDE_MEM_CLAUDE_PATH: text(
    '',
    'The `claude` CLI the `claude-code` provider runs; empty = find `claude` on PATH.',
    'a path to the claude executable, or empty',
  ),
  CLAUDE_MEM_OPENROUTER_BASE_URL: url(
    'https://openrouter.ai/api/v1',
    'Base URL of the OpenAI-compatible chat-completions endpoint (OpenRouter, Ollama `http://127.0.0.1:11434/v1`, vLLM, LM Studio, LiteLLM).',
  ),
  CLAUDE_MEM_OPENROUTER_MODEL: text(
    'anthropic/claude-haiku-4.5',
    'Model for the `openrouter` provider, sent verbatim.',
    'a model name',
  ),
  CLAUDE_MEM_GEMINI_BASE_URL: url(
    'https://generativelanguage.googleapis.com',
    'Base URL of the Gemini API.',
  ),
  CLAUDE_MEM_GEMINI_MODEL: text('gemini-2.5-flash-lite', 'Model for the `gemini` provider.', 'a model name'),
  CLAUDE_MEM_MODEL_TIMEOUT_MS: int(60_000, 1_000, 600_000, 'How long one model call may take.'),
  CLAUDE_MEM_MAX_ATTEMPTS: int(4, 1, 10, 'Attempts per batch for transient and rate-limit errors.'),
  CLAUDE_MEM_DAILY_TOKEN_BUDGET: int(
    2_000_000,
    0,
    1_000_000_000,
    'Model tokens (input + output) per UTC day; once spent, events are kept raw. 0 turns the budget off.',
  ),
  CLAUDE_MEM_BATCH_MAX_CHARS: int(
    40_000,
    2_000,
    400_000,
    'Most characters of tool events sent in one model call.',
  ),
  CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS: int(
    4_000,
    200,
    100_000,
    'Each tool input/output is capped to this many characters, the middle elided.',
  ),
  CLAUDE_MEM_WORKER_PORT: int(37777, 0, 65535, 'Port of the worker on 127.0.0.1 (0 = any free port).'),
  CLAUDE_MEM_CONTEXT_TOKENS: int(
    1_500,
    0,
    50_000,
    'Budget (estimated tokens, chars/4) of the memory injected at session start.',
  ),
  CLAUDE_MEM_CONTEXT_OBSERVATIONS: int(
    50,
    0,
    1_000,
    'Most observations listed in the session-start index.',
  ),
  CLAUDE_MEM_PROMPT_CONTEXT_TOKENS: int(
    300,
    0,
    5_000,
    'Budget (estimated tokens) of the stored observations matching each prompt, added to that turn; records already given in the session are skipped. 0 turns it off.',
  ),
  CLAUDE_MEM_QUEUE_RETENTION_DAYS: int(
    7,
    1,
    3_650,
    'Days the raw tool input and output of an event are kept once the event is compressed; its observations stay.',
  ),
  CLAUDE_MEM_CONTEXT_SESSION_COUNT: int(
    10,
    0,
    1_000,
    "Session-start memory lists observations from the project's last N sessions only (0 = no limit).",
  ),
  CLAUDE_MEM_CONTEXT_FULL_COUNT: int(
    0,
    0,
    100,
    'How many of the newest observations at session start are shown expanded (see CLAUDE_MEM_CONTEXT_FULL_FIELD), not just their title.',
  ),
  CLAUDE_MEM_CONTEXT_FULL_FIELD: oneOf(['facts', 'narrative'], 'facts', 'What an expanded observation shows under its title.'),
  CLAUDE_MEM_CONTEXT_SHOW_LAST_SUMMARY: bool(true, 'Show the last turn summary at session start.'),
  CLAUDE_MEM_CONTEXT_OBSERVATION_TYPES: text(
    '',
    'Comma-separated observation types listed at session start (empty = all): bugfix, feature, refactor, change, discovery, decision.',
    'comma-separated types',
  ),
  CLAUDE_MEM_CONTEXT_OBSERVATION_CONCEPTS: text(
    '',
    'Comma-separated concepts: only observations tagged with one of them are listed at session start (empty = all).',
    'comma-separated concepts',
  ),
  CLAUDE_MEM_CONTEXT_EXCLUDE_TYPES: text('', 'Comma-separated observation types never listed at session start.', 'comma-separated types'),
  CLAUDE_MEM_CONTEXT_EXCLUDE_CONCEPTS: text(
    '',
    'Comma-separated concepts: observations tagged with one of them are not listed at session start.',
    'comma-separated concepts',
  ),
  CLAUDE_MEM_LANGUAGE: text(
    '',
    'Language the memory agent writes titles, facts, narratives and summaries in (e.g. `German`); empty = English.',
    'a language name, or empty',
  ),
  CLAUDE_MEM_EXCLUDED_PROJECTS: text(
    '',
    'Comma-separated globs (matched against the project path and name); matching projects record nothing and get no memory.',
    'comma-separated globs',
  ),
  CLAUDE_MEM_SKIP_TOOLS: text(
    'TodoWrite,TaskCreate,TaskUpdate,TaskList,ListMcpResourcesTool,mcp__plugin_claude-mem_*',
    'Comma-separated tool names that are never recorded; `*` matches any characters (`mcp__github__*`). The memory tools themselves (mcp__plugin_claude-mem_*) are never recorded either way.',
    'comma-separated tool names or globs',
  ),
  CLAUDE_MEM_REDACT_SECRETS: bool(true, 'Redact secret-shaped strings before storage and before any model call.'),
  CLAUDE_MEM_SEARCH_RECENCY: bool(true, 'Give recent observations a small boost in search ranking.'),
  CLAUDE_MEM_EMBEDDINGS_PROVIDER: oneOf(
    ['none', 'openai', 'ollama', 'gemini'],
    'none',
    'Optional semantic search. `none` keeps search keyword-only (no network).',
  ),
  CLAUDE_MEM_EMBEDDINGS_MODEL: text('', 'Embeddings model name, sent verbatim.', 'a model name'),
  CLAUDE_MEM_EMBEDDINGS_BASE_URL: url('', 'Base URL of the embeddings endpoint.'),
  CLAUDE_MEM_TEAM_URL: url(
    '',
    'Team server (`claude-mem server`) the worker syncs shared projects with (`claude-mem team share`); its key is CLAUDE_MEM_TEAM_KEY in .env. Empty = no team sync.',
  ),
  CLAUDE_MEM_TEAM_SYNC_SECONDS: int(30, 1, 86_400, 'Seconds between two team syncs of the worker (pushes also go out soon after a record is stored).'),
  CLAUDE_MEM_LOG_LEVEL: oneOf(['debug', 'info', 'warn', 'error'], 'info', 'Worker and hook log level.', LOG_LEVEL_ALIASES),
} as const satisfies Record<string, SettingDef<SettingValue>>;

export type SettingKey = keyof typeof SETTINGS;
export type Settings = { [K in SettingKey]: (typeof SETTINGS)[K]['default'] } & {
  CLAUDE_MEM_PROVIDER: ProviderName;
};

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}
