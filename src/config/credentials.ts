import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { MemError } from '../contracts';
import { atomicWrite } from './atomic-write';
import { fingerprint, MAX_VALUE_CHARS, redactUrl } from './display';
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
  // The team server's PostgreSQL URL (`claude-mem server`); its password is never printed or logged.
  'CLAUDE_MEM_SERVER_DATABASE_URL',
  // The team server API key of this machine's user (`claude-mem team`); shown only as a fingerprint.
  'CLAUDE_MEM_TEAM_KEY',
] as const;
export type CredentialKey = (typeof CREDENTIAL_KEYS)[number];
export type Credentials = Partial<Record<CredentialKey, string>>;

/** Keys whose values are not secret (shown in full by `config`). */
const PUBLIC_CREDENTIALS: ReadonlySet<CredentialKey> = new Set(['ANTHROPIC_BASE_URL', 'CLAUDE_MEM_SERVER_DATABASE_URL']);

export interface LoadedCredentials {
  credentials: Credentials;
  ignoredKeys: string[];
  warnings: string[];
}

export function loadCredentials(paths: Paths): LoadedCredentials {
  const warnings: string[] = [];
  if (!existsSync(paths.envPath)) return { credentials: {}, ignoredKeys: [], warnings };
  const text = readEnvFile(paths.envPath, warnings);
  const { wellFormed, badLines } = keepAssignments(text);
  if (badLines.length) {
    // Only line numbers: the text of a broken line may well be a secret.
    warnings.push(
      `${paths.envPath}: line${badLines.length > 1 ? 's' : ''} ${badLines.join(', ')} ${badLines.length > 1 ? 'are' : 'is'} not KEY=VALUE and ${badLines.length > 1 ? 'were' : 'was'} ignored.`,
    );
  }
  let parsed: Record<string, string>;
  try {
    parsed = parseEnv(wellFormed) as Record<string, string>;
  } catch (err) {
    throw new MemError('config_invalid', `${paths.envPath} could not be parsed: ${(err as Error).message}.`, {
      hint: 'Write one KEY=VALUE per line, e.g. ANTHROPIC_API_KEY=sk-ant-...',
      cause: err,
    });
  }
  checkBaseUrl(paths.envPath, parsed.ANTHROPIC_BASE_URL);
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

export function displayCredential(key: CredentialKey, value: string | undefined): string {
  if (value === undefined) return 'not set';
  return PUBLIC_CREDENTIALS.has(key) ? redactUrl(value) : fingerprint(value);
}

/**
 * Read .env, tightening a mode that lets others read it (and saying so). Unreadable → a
 * `config_invalid` naming the file, never a bare errno.
 */
function readEnvFile(envPath: string, warnings: string[]): string {
  try {
    const mode = statSync(envPath).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      try {
        chmodSync(envPath, 0o600);
        warnings.push(`${envPath} was readable by others (mode ${mode.toString(8)}); changed it to 600.`);
      } catch (err) {
        // Not our file or a read-only disk: keep going, but the user must know it is exposed.
        warnings.push(
          `${envPath} is readable by others (mode ${mode.toString(8)}) and could not be changed (${(err as NodeJS.ErrnoException).code}); run chmod 600 on it.`,
        );
      }
    }
    return readFileSync(envPath, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new MemError('config_invalid', `${envPath} could not be read (${code}).`, {
      hint: 'Make it a regular file readable by you (chmod 600), holding KEY=VALUE lines.',
      cause: err,
    });
  }
}

/**
 * Keep only KEY=VALUE lines (plus the continuation of a quoted multi-line value) for Node's
 * parser. Node's parser glues a stray line onto the next one, so `oops` followed by
 * `ANTHROPIC_API_KEY=…` would silently lose the key; dropping the stray line keeps it.
 */
function keepAssignments(text: string): { wellFormed: string; badLines: number[] } {
  const kept: string[] = [];
  const badLines: number[] = [];
  let openQuote: string | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    if (openQuote) {
      kept.push(line);
      if (line.includes(openQuote)) openQuote = undefined;
      return;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*(.*)$/.exec(line);
    if (!m) {
      badLines.push(i + 1);
      return;
    }
    kept.push(line);
    const value = m[1] ?? '';
    const q = value[0];
    if ((q === '"' || q === "'" || q === '`') && !value.slice(1).includes(q)) openQuote = q;
  });
  return { wellFormed: kept.join('\n'), badLines };
}

/** A gateway URL that is not http(s) would fail on every call; say so once, naming file and key. */
function checkBaseUrl(envPath: string, value: string | undefined): void {
  const v = value?.trim();
  if (!v) return;
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(v).protocol);
  } catch (err) {
    void err; // unparsable: reported below
  }
  if (!ok) {
    throw new MemError('config_invalid', `ANTHROPIC_BASE_URL in ${envPath} is not an http(s) URL; expected e.g. https://gateway.example.com.`, {
      hint: `Fix ANTHROPIC_BASE_URL in ${envPath}, or remove it to use https://api.anthropic.com.`,
    });
  }
}

/** Replace (or remove, with `undefined`) one credential in .env, keeping other lines. 0600, atomic. */
export function writeCredential(paths: Paths, key: CredentialKey, value: string | undefined): void {
  if (value !== undefined && /[\r\n]/.test(value)) {
    throw new MemError('validation', `${key} must be a single line.`, { hint: 'Paste the key without line breaks.' });
  }
  if (value !== undefined && value.length > MAX_VALUE_CHARS) {
    throw new MemError('validation', `${key} is ${value.length} characters long; a credential holds at most ${MAX_VALUE_CHARS}.`, {
      hint: `${paths.envPath} was not changed. Paste only the key itself.`,
    });
  }
  const lines = existsSync(paths.envPath) ? readFileSync(paths.envPath, 'utf8').split('\n') : [];
  const kept = lines.filter((l) => !new RegExp(`^\\s*(export\\s+)?${key}\\s*=`).test(l));
  while (kept.length && kept[kept.length - 1] === '') kept.pop();
  if (value !== undefined) kept.push(`${key}=${value}`);
  atomicWrite(paths.envPath, `${kept.join('\n')}\n`, { mode: 0o600 });
}
