import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

/**
 * Set in the environment of every `claude` CLI the `claude-code` provider runs. Our hook exits at
 * once when it sees it: even if a policy setting or a plugin re-enabled hooks inside the memory
 * agent's own session, that session must never record itself (belt and braces with
 * `--safe-mode`).
 */
export const MEMORY_AGENT_MARKER = 'CLAUDE_MEM_MEMORY_AGENT';

/**
 * Variables passed from the worker's environment to the `claude` child, by name. Everything else
 * is dropped, above all the user's shell `ANTHROPIC_*` (the shell-isolation rule: a key exported
 * for another project must not bill anyone through us) and the variables of the Claude Code
 * session that started the worker (`CLAUDECODE`, `CLAUDE_CODE_*`, `CLAUDE_PROJECT_DIR` …), which
 * would make the child think it runs inside that session. What stays is what a CLI needs to find
 * its own login and reach its gateway: HOME and the user (the login lives in `~/.claude/` or the
 * keychain), PATH, locale, temp dir, proxies and extra CA certificates, and
 * `CLAUDE_CONFIG_DIR` (where a user keeps Claude Code's config when not in `~/.claude`). The CLI
 * then applies its own settings (`env.ANTHROPIC_BASE_URL`, `apiKeyHelper` in
 * `~/.claude/settings.json`), so subscription and gateway users need no key in our `.env`.
 */
const PASSED = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'TZ',
  'TMPDIR',
  'TEMP',
  'TMP',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_RUNTIME_DIR',
  'CLAUDE_CONFIG_DIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  // Windows: where the user profile and system live.
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'SystemRoot',
  'ComSpec',
  'PATHEXT',
]);

/**
 * Fixed variables for the child: ours, not the user's. No retries inside the CLI (the worker owns
 * retries and backoff), no extended thinking (a compression call needs none and would spend up to
 * 32k tokens on it), no telemetry, update checks or CLAUDE.md / auto-memory files (the user's
 * notes do not belong in a compression prompt).
 */
const FIXED: Record<string, string> = {
  [MEMORY_AGENT_MARKER]: '1',
  CLAUDE_CODE_MAX_RETRIES: '0',
  MAX_THINKING_TOKENS: '0',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  CLAUDE_CODE_DISABLE_CLAUDE_MDS: '1',
  CLAUDE_CODE_DISABLE_AUTO_MEMORY: '1',
  DISABLE_AUTOUPDATER: '1',
  DISABLE_TELEMETRY: '1',
};

/** The environment of the `claude` child: whitelisted variables of ours plus the fixed ones. */
export function claudeCodeChildEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && (PASSED.has(k) || k.startsWith('LC_'))) out[k] = v;
  }
  return { ...out, ...FIXED };
}

/** The folders of `PATH` in an environment, in order: where the `claude` CLI is looked for. */
export function searchPath(env: Record<string, string | undefined>): string[] {
  return (env.PATH ?? '').split(delimiter).filter(Boolean);
}

/**
 * Files whose change may fix a paused `claude-code` provider without touching our own config: a
 * `claude /login` writes the credentials file, a gateway fix edits the CLI's settings.
 */
export function claudeCodeWatchFiles(env: NodeJS.ProcessEnv, home: string = homedir()): string[] {
  const dir = claudeConfigDir(env, home);
  return [join(dir, '.credentials.json'), join(dir, 'settings.json')];
}

/** Claude Code's config dir: `flag` (--claude-dir, against `cwd`), else $CLAUDE_CONFIG_DIR, else ~/.claude. */
export function claudeConfigDir(env: NodeJS.ProcessEnv, home: string, cwd: string = process.cwd(), flag?: string): string {
  if (flag) return resolve(cwd, flag);
  const fromEnv = env.CLAUDE_CONFIG_DIR?.trim();
  return fromEnv ? resolve(fromEnv) : join(home, '.claude');
}
