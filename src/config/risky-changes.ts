import { writeCredential, type CredentialKey, type Credentials } from './credentials';
import type { Paths } from './paths';
import { DEFAULT_ANTHROPIC_BASE_URL } from './provider-config';
import { SETTINGS, URL_EXPECTED, type SettingKey, type Settings, type SettingValue } from './settings-schema';

/**
 * Which configuration changes need a fresh confirmation from the terminal when they come from the
 * viewer (whose cookie a hostile page or extension could borrow). Two kinds:
 *  - where data goes: any URL setting, any `*_PROVIDER` setting, ANTHROPIC_BASE_URL — they decide
 *    which host receives your credentials and your memory;
 *  - privacy that gets weaker: redaction turned off, a project removed from the exclusion list, a
 *    tool removed from the skip list.
 * Rules are by kind (URL, provider), so a setting added later is covered without a new line.
 * Returns why the change is risky, or undefined.
 */
export function settingChangeRisk(key: SettingKey, before: SettingValue, after: SettingValue): string | undefined {
  if (String(before) === String(after)) return undefined;
  if (SETTINGS[key].expected === URL_EXPECTED) return `${key} decides which server receives your data`;
  if (key.endsWith('_PROVIDER')) return `${key} decides which service receives your data`;
  if (key === 'CLAUDE_MEM_REDACT_SECRETS' && before === true && after === false) return 'it turns secret redaction off';
  if (key === 'CLAUDE_MEM_EXCLUDED_PROJECTS' && removed(before, after).length)
    return `it stops excluding ${removed(before, after).join(', ')}`;
  if (key === 'CLAUDE_MEM_SKIP_TOOLS' && removed(before, after).length)
    return `it starts recording ${removed(before, after).join(', ')}`;
  return undefined;
}

/** Replacing or removing ANTHROPIC_BASE_URL moves where the Anthropic keys go; keys themselves are not risky to enter. */
export function credentialChangeRisk(key: CredentialKey, before: string | undefined, after: string | undefined): string | undefined {
  if (before === after) return undefined;
  if (key.endsWith('_BASE_URL') || key.endsWith('_URL')) return `${key} decides which server receives your API key and your data`;
  return undefined;
}

function removed(before: SettingValue, after: SettingValue): string[] {
  const list = (v: SettingValue) => String(v).split(',').map((s) => s.trim()).filter(Boolean);
  const now = new Set(list(after));
  return list(before).filter((x) => !now.has(x));
}

const EMBEDDINGS_DEFAULT_HOSTS: Record<string, string> = {
  openai: 'api.openai.com',
  ollama: '127.0.0.1:11434',
  gemini: 'generativelanguage.googleapis.com',
};

/**
 * The hosts each stored credential would be sent to under these settings. A credential is only
 * ever meant for the host it was entered for: when a change through the worker's routes gives a
 * credential a host it did not have, the key is removed and has to be entered again.
 */
export function credentialHosts(s: Settings, c: Credentials): Record<CredentialKey, string[]> {
  const anthropic = hostOf(c.ANTHROPIC_BASE_URL ?? DEFAULT_ANTHROPIC_BASE_URL);
  const emb = s.CLAUDE_MEM_EMBEDDINGS_PROVIDER;
  const embHost = emb === 'none' ? undefined : s.CLAUDE_MEM_EMBEDDINGS_BASE_URL ? hostOf(s.CLAUDE_MEM_EMBEDDINGS_BASE_URL) : EMBEDDINGS_DEFAULT_HOSTS[emb];
  const hosts = (...h: Array<string | undefined>) => [...new Set(h.filter((x): x is string => !!x))].sort();
  return {
    ANTHROPIC_API_KEY: hosts(anthropic),
    ANTHROPIC_AUTH_TOKEN: hosts(anthropic),
    ANTHROPIC_BASE_URL: [],
    OPENROUTER_API_KEY: hosts(hostOf(s.CLAUDE_MEM_OPENROUTER_BASE_URL)),
    // Gemini embeddings fall back to GEMINI_API_KEY when no embeddings key is set.
    GEMINI_API_KEY: hosts(hostOf(s.CLAUDE_MEM_GEMINI_BASE_URL), emb === 'gemini' && !c.CLAUDE_MEM_EMBEDDINGS_API_KEY ? embHost : undefined),
    CLAUDE_MEM_EMBEDDINGS_API_KEY: hosts(embHost),
    // The host is in the URL itself; no setting sends it anywhere else.
    CLAUDE_MEM_SERVER_DATABASE_URL: [],
    // The worker sends it (Bearer) to the team server only.
    CLAUDE_MEM_TEAM_KEY: s.CLAUDE_MEM_TEAM_URL ? hosts(hostOf(s.CLAUDE_MEM_TEAM_URL)) : [],
  };
}

/** Credentials that are set and would reach a host they did not reach before (before had some host). */
export function credentialsMovedBy(
  before: { settings: Settings; credentials: Credentials },
  after: { settings: Settings; credentials: Credentials },
): CredentialKey[] {
  const a = credentialHosts(before.settings, before.credentials);
  const b = credentialHosts(after.settings, after.credentials);
  return (Object.keys(b) as CredentialKey[]).filter(
    (k) => after.credentials[k] !== undefined && a[k].length > 0 && b[k].some((h) => !a[k].includes(h)),
  );
}

/**
 * Remove from .env every credential that a change would send to a new host (see
 * `credentialsMovedBy`). Returns the keys removed, for the answer to name them.
 */
export function clearMovedCredentials(
  paths: Paths,
  before: { settings: Settings; credentials: Credentials },
  after: { settings: Settings; credentials: Credentials },
): CredentialKey[] {
  const moved = credentialsMovedBy(before, after);
  for (const k of moved) writeCredential(paths, k, undefined);
  return moved;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch (err) {
    void err; // empty or invalid: no host receives anything
    return undefined;
  }
}
