import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Credentials } from './credentials';
import type { Paths } from './paths';
import { isSettingKey, type Settings } from './settings-schema';

/**
 * Keys the original claude-mem (13.x) writes into the settings.json we share with it, beyond the
 * ones we use too. We ignore them and keep them on every write; `config` names them as the
 * original's so a user does not take them for typos (a key in neither list is reported as unknown).
 */
const ORIGINAL_KEYS: ReadonlySet<string> = new Set(
  [
    'WORKER_HOST', 'API_TIMEOUT_MS', 'CLAUDE_AUTH_METHOD', 'GEMINI_API_KEY', 'GEMINI_RATE_LIMITING_ENABLED',
    'GEMINI_MAX_CONTEXT_MESSAGES', 'GEMINI_MAX_TOKENS', 'OPENROUTER_API_KEY', 'OPENROUTER_SITE_URL',
    'OPENROUTER_APP_NAME', 'OPENROUTER_MAX_CONTEXT_MESSAGES', 'OPENROUTER_MAX_TOKENS', 'DATA_DIR',
    'PYTHON_VERSION', 'MODE', 'CONTEXT_SHOW_READ_TOKENS', 'CONTEXT_SHOW_WORK_TOKENS',
    'CONTEXT_SHOW_SAVINGS_AMOUNT', 'CONTEXT_SHOW_SAVINGS_PERCENT', 'CONTEXT_FULL_COUNT', 'CONTEXT_FULL_FIELD',
    'CONTEXT_SESSION_COUNT', 'CONTEXT_SHOW_LAST_SUMMARY', 'CONTEXT_SHOW_LAST_MESSAGE',
    'CONTEXT_SHOW_TERMINAL_OUTPUT', 'INCLUDE_LAST_SUMMARY', 'INCLUDE_LAST_MESSAGE', 'WELCOME_HINT_ENABLED',
    'FOLDER_CLAUDEMD_ENABLED', 'FOLDER_USE_LOCAL_MD', 'TRANSCRIPTS_ENABLED', 'TRANSCRIPTS_CONFIG_PATH',
    'CODEX_TRANSCRIPT_INGESTION', 'MAX_CONCURRENT_AGENTS', 'HOOK_FAIL_LOUD_THRESHOLD', 'FOLDER_MD_EXCLUDE',
    'FOLDER_MD_SKELETON_DENYLIST', 'SEMANTIC_INJECT', 'SEMANTIC_INJECT_LIMIT', 'TIER_ROUTING_ENABLED',
    'TIER_SIMPLE_MODEL', 'TIER_SUMMARY_MODEL', 'TIER_FAST_MODEL', 'TIER_SMART_MODEL', 'CHROMA_ENABLED',
    'CHROMA_MODE', 'CHROMA_HOST', 'CHROMA_PORT', 'CHROMA_SSL', 'CHROMA_API_KEY', 'CHROMA_TENANT',
    'CHROMA_DATABASE', 'CHROMA_PREWARM_TIMEOUT_MS', 'CHROMA_MAX_PENDING_MUTATIONS', 'CLOUD_SYNC_TOKEN',
    'CLOUD_SYNC_USER_ID', 'CLOUD_SYNC_HUB_URL', 'CLOUD_SYNC_DEVICE_ID', 'CLOUD_SYNC_DEVICE_NAME',
    'CLOUD_SYNC_WS', 'TELEGRAM_ENABLED', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_CHAT_ID', 'TELEGRAM_TRIGGER_TYPES',
    'TELEGRAM_TRIGGER_CONCEPTS', 'QUEUE_ENGINE', 'REDIS_URL', 'REDIS_HOST', 'REDIS_PORT', 'REDIS_MODE',
    'QUEUE_REDIS_PREFIX', 'AUTH_MODE', 'RUNTIME', 'SERVER_URL', 'SERVER_PORT', 'SERVER_API_KEY',
    'SERVER_PROJECT_ID', 'SERVER_BETA_URL', 'SERVER_BETA_API_KEY', 'SERVER_BETA_PROJECT_ID', 'NODE_ROLE',
    'USER_LABEL', 'SYNC_ENABLED', 'SYNC_UPSTREAM_URL', 'SYNC_AUTH_MODE', 'SYNC_API_KEY', 'SYNC_INTERVAL_MS',
    'SYNC_BATCH_SIZE', 'SYNC_RETRY_MAX', 'SYNC_REDACT_PATTERNS', 'SERVER_BIND_HOST', 'SERVER_AUTH_MODE',
    'SERVER_TRUSTED_PROXIES', 'SERVER_ALLOWED_USERS', 'SERVER_INGEST_MAX_BATCH', 'SERVER_REQUIRE_TLS',
  ]
    .map((k) => `CLAUDE_MEM_${k}`)
    .concat(['CLAUDE_CODE_PATH']),
);

/** Whether `key` is one the original claude-mem writes and we do not use. */
export function isOriginalSettingKey(key: string): boolean {
  return !isSettingKey(key) && ORIGINAL_KEYS.has(key);
}

/** The original's credential keys in settings.json, and where we read the same credential from. */
const ORIGINAL_CREDENTIALS: Record<string, string> = {
  CLAUDE_MEM_GEMINI_API_KEY: 'GEMINI_API_KEY',
  CLAUDE_MEM_OPENROUTER_API_KEY: 'OPENROUTER_API_KEY',
};

/** Auth methods with which the original's `claude` provider used the Claude Code login. */
const CLAUDE_CODE_LOGIN_METHODS = new Set(['subscription', 'cli']);

/**
 * What a user switching from the original claude-mem must know about the settings.json they
 * share: a pinned data dir we do not obey, credentials we read only from .env, and the Claude
 * Code login the original used. Pure: the caller passes what it has already read.
 */
export function originalSettingsWarnings(
  file: Record<string, unknown>,
  paths: Paths,
  settings: Pick<Settings, 'CLAUDE_MEM_PROVIDER'>,
  credentials: Credentials,
): string[] {
  const out: string[] = [];
  const pinned = file.CLAUDE_MEM_DATA_DIR;
  if (typeof pinned === 'string' && pinned.trim() !== '' && !sameDir(pinned.trim(), paths.dataDir)) {
    out.push(
      `${paths.settingsPath} pins CLAUDE_MEM_DATA_DIR to ${pinned.trim()} (the original claude-mem writes this key); claude-mem does not follow it and uses ${paths.dataDir}. To use another data dir, set CLAUDE_MEM_DATA_DIR in the environment.`,
    );
  }
  for (const [key, ours] of Object.entries(ORIGINAL_CREDENTIALS)) {
    const v = file[key];
    if (typeof v === 'string' && v.trim() !== '' && !credentials[ours as keyof Credentials]) {
      out.push(
        `${key} in ${paths.settingsPath} belongs to the original claude-mem; claude-mem reads keys only from ${paths.envPath}: add ${ours}=… there to use it.`,
      );
    }
  }
  const method = file.CLAUDE_MEM_CLAUDE_AUTH_METHOD;
  const hasAnthropicCredential = Boolean(
    credentials.ANTHROPIC_API_KEY || credentials.ANTHROPIC_AUTH_TOKEN || credentials.ANTHROPIC_BASE_URL,
  );
  if (
    settings.CLAUDE_MEM_PROVIDER === 'claude' &&
    typeof method === 'string' &&
    CLAUDE_CODE_LOGIN_METHODS.has(method.trim().toLowerCase()) &&
    !hasAnthropicCredential
  ) {
    out.push(
      `The original claude-mem used your Claude Code login (CLAUDE_MEM_CLAUDE_AUTH_METHOD=${method.trim()} in ${paths.settingsPath}); claude-mem's \`claude\` provider reads credentials only from ${paths.envPath}. To use the Claude Code login here too run \`claude-mem config set CLAUDE_MEM_PROVIDER claude-code\`, or put ANTHROPIC_API_KEY=… in ${paths.envPath}.`,
    );
  }
  return out;
}

function sameDir(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch (err) {
      void err; // missing or unreadable: compare the resolved spelling
      return resolve(p);
    }
  };
  return real(a) === real(b);
}
