import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { MemError } from '../contracts';
import { atomicWrite } from './atomic-write';
import type { Paths } from './paths';

/**
 * The only keys ever read from `~/.claude-mem/.env`. Everything else in the file is ignored, and
 * the same names in the user's shell are never used: a key exported for another project must not
 * bill anyone through us.
 */
export const CREDENTIAL_KEYS = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'ANTHROPIC_BASE_URL',
  'OPENROUTER_API_KEY',
  'GEMINI_API_KEY',
  'CLAUDE_MEM_EMBEDDINGS_API_KEY',
] as const;
export type CredentialKey = (typeof CREDENTIAL_KEYS)[number];
export type Credentials = Partial<Record<CredentialKey, string>>;

/** Keys whose values are not secret (shown in full by `config`). */
const PUBLIC_CREDENTIALS: ReadonlySet<CredentialKey> = new Set(['ANTHROPIC_BASE_URL']);

export interface LoadedCredentials {
  credentials: Credentials;
  ignoredKeys: string[];
  warnings: string[];
}

export function loadCredentials(paths: Paths): LoadedCredentials {
  const warnings: string[] = [];
  if (!existsSync(paths.envPath)) return { credentials: {}, ignoredKeys: [], warnings };
  const mode = statSync(paths.envPath).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    chmodSync(paths.envPath, 0o600);
    warnings.push(
      `${paths.envPath} was readable by others (mode ${mode.toString(8)}); changed it to 600.`,
    );
  }
  let parsed: Record<string, string>;
  try {
    parsed = parseEnv(readFileSync(paths.envPath, 'utf8').replace(/^\uFEFF/, '')) as Record<string, string>;
  } catch (err) {
    throw new MemError('config_invalid', `${paths.envPath} could not be parsed: ${(err as Error).message}.`, {
      hint: 'Write one KEY=VALUE per line, e.g. ANTHROPIC_API_KEY=sk-ant-...',
      cause: err,
    });
  }
  const credentials: Credentials = {};
  const ignoredKeys: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if ((CREDENTIAL_KEYS as readonly string[]).includes(key)) {
      const v = value.trim();
      if (v !== '') credentials[key as CredentialKey] = v;
    } else {
      ignoredKeys.push(key);
    }
  }
  return { credentials, ignoredKeys, warnings };
}

/** A short, stable, non-reversible fingerprint for showing that a secret is set. */
export function fingerprint(secret: string): string {
  return `set (sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 8)})`;
}

export function displayCredential(key: CredentialKey, value: string | undefined): string {
  if (value === undefined) return 'not set';
  return PUBLIC_CREDENTIALS.has(key) ? value : fingerprint(value);
}

/** Replace (or remove, with `undefined`) one credential in .env, keeping other lines. 0600, atomic. */
export function writeCredential(paths: Paths, key: CredentialKey, value: string | undefined): void {
  if (value !== undefined && /[\r\n]/.test(value)) {
    throw new MemError('validation', `${key} must be a single line.`, { hint: 'Paste the key without line breaks.' });
  }
  const lines = existsSync(paths.envPath) ? readFileSync(paths.envPath, 'utf8').split('\n') : [];
  const kept = lines.filter((l) => !new RegExp(`^\\s*(export\\s+)?${key}\\s*=`).test(l));
  while (kept.length && kept[kept.length - 1] === '') kept.pop();
  if (value !== undefined) kept.push(`${key}=${value}`);
  atomicWrite(paths.envPath, `${kept.join('\n')}\n`, { mode: 0o600 });
}
