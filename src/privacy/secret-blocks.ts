// Secrets found by structure rather than by a token shape: PEM private key blocks and the
// password part of a URL's user info. Both are single forward scans with indexOf.
import { MARKER_PREFIX, redactionMarker } from './kinds';

/**
 * `-----BEGIN … PRIVATE KEY-----` … `-----END … PRIVATE KEY-----` (RSA, EC, DSA, OPENSSH,
 * ENCRYPTED, PGP … BLOCK), also with JSON-escaped newlines. An unclosed block (a capped output)
 * is removed to the end of the text.
 */
export function redactPrivateKeyBlocks(text: string): string {
  const BEGIN = '-----BEGIN';
  let at = text.indexOf(BEGIN);
  if (at < 0) return text;
  let out = '';
  let last = 0;
  while (at >= 0) {
    const labelEnd = text.indexOf('-----', at + BEGIN.length);
    if (labelEnd < 0) break;
    const label = text.slice(at + BEGIN.length, labelEnd);
    if (label.length > 64 || !/PRIVATE KEY/.test(label)) {
      at = text.indexOf(BEGIN, labelEnd);
      continue;
    }
    const endAt = text.indexOf('-----END', labelEnd + 5);
    const close = endAt < 0 ? -1 : text.indexOf('-----', endAt + 8);
    const stop = close < 0 ? text.length : close + 5;
    out += text.slice(last, at) + redactionMarker('private-key');
    last = stop;
    at = text.indexOf(BEGIN, stop);
  }
  return out + text.slice(last);
}

/**
 * The password in `scheme://user:password@host` (database URLs, git remotes, proxies, pip
 * indexes), and a long token used as the user name alone (`https://<key>@sentry.io`).
 */
export function redactUrlCredentials(text: string): string {
  if (!text.includes('/')) return text;
  SCHEME_SEP.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = SCHEME_SEP.exec(text); m !== null; m = SCHEME_SEP.exec(text)) {
    const start = m.index + m[0].length;
    let end = start;
    let atSign = -1;
    // The authority ends at the path, query, fragment, whitespace or a quote; the last @ in it
    // ends the user info (passwords may hold an unescaped @).
    for (; end < text.length; end++) {
      const c = text[end] as string;
      if (AUTHORITY_END.has(c)) break;
      if (c === '@') atSign = end;
    }
    SCHEME_SEP.lastIndex = end;
    if (atSign < 0) continue;
    const info = text.slice(start, atSign);
    const colon = info.indexOf(':');
    const secretFrom = colon >= 0 ? start + colon + 1 : start;
    const secret = text.slice(secretFrom, atSign);
    const worth =
      colon >= 0
        ? secret.length > 0 && !secret.startsWith(MARKER_PREFIX) && !ENV_REF.test(secret)
        : secret.length >= 16 && /[0-9]/.test(secret) && !secret.startsWith(MARKER_PREFIX);
    if (!worth) continue;
    out += text.slice(last, secretFrom) + redactionMarker('url-password');
    last = atSign;
  }
  return out + text.slice(last);
}

// `://`, and `:\/\/` (or deeper) as JSON encoders that escape slashes write it.
const SCHEME_SEP = /:(?:\\*\/){2}/g;
const ENV_REF = /^\$\{?[A-Z_][A-Z0-9_]*\}?$/;
const AUTHORITY_END = new Set(['/', '?', '#', ' ', '\t', '\n', '\r', '"', "'", '`', '<', '>', '\\']);
