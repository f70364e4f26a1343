import { isSettingKey, SETTINGS, URL_EXPECTED } from './settings-schema';

/**
 * The one place that turns configuration values into text a person (or a log) may see. A URL
 * can carry a secret in two places: its user info (`https://user:pw@host`) and its query string
 * (`?key=…`); both are replaced, everywhere a URL is printed, logged or answered over HTTP.
 * Credentials are never printed at all, only a fingerprint.
 */

/** Longest value one setting or credential may hold (a key, a URL, a list of globs all fit easily). */
export const MAX_VALUE_CHARS = 4_096;

/** A short, stable, non-reversible fingerprint for showing that a secret is set. */
export function fingerprint(secret: string): string {
  return `set (sha256:${process.getBuiltinModule('node:crypto').createHash('sha256').update(secret).digest('hex').slice(0, 8)})`;
}

/** A URL without what could be a secret: `user:pass@` becomes `***@` and the query string `?***`. */
export function redactUrl(value: string): string {
  try {
    const u = new URL(value);
    // Nothing to hide: show it exactly as configured (no normalizing, e.g. an added slash).
    if (!u.username && !u.password && !u.search && !u.hash) return value;
    if (u.username || u.password) {
      u.username = '***';
      u.password = '';
    }
    if (u.search) u.search = '?***';
    // A fragment is never sent, but people paste tokens there too.
    if (u.hash) u.hash = '#***';
    return u.toString();
  } catch (err) {
    void err; // not a URL: show nothing of it but a fingerprint, it may be a pasted key
    return fingerprint(value);
  }
}

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/**
 * Free text (a warning, an error message from a library) with every URL in it redacted. Used
 * where a message may quote a configured URL.
 */
export function redactUrlsIn(text: string): string {
  return text.replace(URL_IN_TEXT, (m) => {
    // Keep sentence punctuation that the pattern swallowed outside the URL.
    const trail = /[.,;:)\]]+$/.exec(m)?.[0] ?? '';
    const url = trail ? m.slice(0, -trail.length) : m;
    const shown = redactUrl(url);
    return `${shown.startsWith('set (sha256') ? '[url]' : shown}${trail}`;
  });
}

/** A setting's value as shown by `config`, `/api/settings` and error messages. */
export function displaySettingValue(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (isSettingKey(key) && SETTINGS[key].expected === URL_EXPECTED) return value === '' ? '' : redactUrl(value);
  return redactUrlsIn(value);
}
