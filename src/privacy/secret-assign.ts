// Secrets recognised by the name they are given: `.env` lines and shell assignments, JSON / YAML /
// TOML / INI fields, HTTP headers, URL query parameters, XML elements, command-line flags
// (`--password X`, `-pX` for mysql, `curl -u user:pw`) and `.netrc` entries.
//
// One forward scan over the text. At the start of each run of name characters it decides whether
// the run is a secret name followed by an assignment; if so it reads the value (quoted, bracketed,
// to the end of the line or one token) and resumes after it, otherwise it resumes after the name,
// so a value that merely contains an assignment (`"cmd": "mysql -pX"`) is still scanned. Every
// inner loop moves forward and the scan never goes back past where it resumes: linear time.
import { MARKER_PREFIX, redactionMarker, type SecretKind } from './kinds';
import { isSecretName } from './secret-names';
import { contextsOf, shortFlagTakesSecret, type Contexts } from './secret-flags';
import { AUTH_SCHEMES, QUOTES, quoteAt, readQuoteAt, readQuoted, readValue, type Quote, type Value } from './secret-values';

interface Cut {
  from: number;
  to: number;
  kind: SecretKind;
}

/** Replace the values of secret-named assignments, flags and fields by a marker naming their kind. */
export function redactAssignments(text: string): string {
  const cuts: Cut[] = [];
  const ctx = contextsOf(text);
  NAME_RUN.lastIndex = 0;
  for (let m = NAME_RUN.exec(text); m !== null; m = NAME_RUN.exec(text)) {
    const resume = scanName(text, m.index, m.index + m[0].length, ctx, cuts);
    NAME_RUN.lastIndex = Math.max(resume, m.index + m[0].length);
  }
  if (!cuts.length) return text;
  let out = '';
  let last = 0;
  for (const c of cuts) {
    if (c.from < last) continue;
    out += text.slice(last, c.from) + redactionMarker(c.kind);
    last = c.to;
  }
  return out + text.slice(last);
}

const NAME_RUN = /[A-Za-z0-9_.-]+/g;
// Values that name a type or a reference, not a secret (`password: string`, `token=$TOKEN`).
const NOT_SECRET_VALUES = new Set([
  'string', 'str', 'number', 'int', 'integer', 'bool', 'boolean', 'any', 'unknown', 'bytes',
  'none', 'null', 'nil', 'undefined', 'true', 'false', 'optional', 'required', 'secretstr',
]);
const REFERENCE = /^(?:\$\{?[A-Z_][A-Z0-9_]*\}?|(?:process\.env|import\.meta\.env|os\.environ)(?:\.[A-Za-z_]\w*|\[['"][A-Za-z_]\w*['"]\])|\{\{[^{}]*\}\})$/;
const REFERENCE_START = new Set(['$', 'p', 'i', 'o', '{']);
const VERSION_START = /[\^~<>=v0-9]/;
const VERSION = /^[\^~<>=]*v?\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?$/;
// A secret named only by these words is redacted when its value looks like one.
const WEAK_WORDS = /^(?:key|keys|private|signature|sig|salt|auth|dsn)$/i;

/** Handle the name run [s, e); return where scanning resumes. */
function scanName(text: string, s: number, e: number, ctx: Contexts, cuts: Cut[]): number {
  const name = text.slice(s, e);
  if (name.startsWith('-')) return scanFlag(text, s, e, name, ctx, cuts);
  const before = text[s - 1];
  // <password>…</password>
  if (before === '<' && text[e] === '>') {
    if (!isSecretName(name)) return e;
    let end = e + 1;
    while (end < text.length && text[end] !== '<' && text[end] !== '\n') end++;
    return cut(text, e + 1, end, 'secret-value', name, cuts, end);
  }
  // A quoted name ("password": …) or a name inside an open quote (-e "DB_PASSWORD=x").
  let j = e;
  let quote: Quote | undefined;
  const opened = before !== undefined && QUOTES.has(before) ? quoteAt(text, s - 1) : undefined;
  if (opened) {
    const closing = readQuoteAt(text, e);
    if (closing && closing.char === opened.char && closing.bs === opened.bs) j = closing.end;
    else quote = opened;
  }
  while (text[j] === ' ' || text[j] === '\t') j++;
  const op = operatorAt(text, j);
  if (!op) {
    const arg = secretArgument(text, j, name, opened !== undefined && quote === undefined);
    if (arg !== undefined) {
      const value = readQuoted(text, arg);
      return cut(text, value.from, value.to, 'secret-value', name, cuts, value.resume);
    }
    return scanSpaced(text, s, e, j, name, ctx, cuts);
  }
  if (/^(?:name|key)$/i.test(name)) {
    // {name: "DB_PASSWORD", value: "…"} (Kubernetes env, HAR headers, .NET appSettings): the name
    // is not the secret, the value that follows it is.
    let v = op.end;
    while (text[v] === ' ' || text[v] === '\t') v++;
    const named = readValue(text, v, { lineStart: false, op: '', keyAt: s });
    if (isSecretName(text.slice(named.from, named.to))) {
      ctx.pairUntil = named.resume + PAIR_WINDOW;
      return named.resume;
    }
  }
  const paired = /^value$/i.test(name) && s < ctx.pairUntil;
  if (paired) ctx.pairUntil = -1;
  if (!paired && !isSecretName(name)) return e;
  const kind = kindFor(name, op.char);
  let v = op.end;
  while (text[v] === ' ' || text[v] === '\t') v++;
  const lineStart = startsLine(text, s);
  const value = readValue(text, v, { quote, lineStart, op: op.char, keyAt: s });
  return cut(text, value.from, value.to, kind, paired ? 'password' : name, cuts, value.resume);
}

const USER_PASS_FLAGS = new Set(['u', 'U', 'a', 'user', 'proxy-user', 'http-user', 'auth']);

// How far after a secret `name:` its `value:` may come (the next line or two of YAML or JSON).
const PAIR_WINDOW = 160;

/**
 * A secret name passed as an argument next to its value: `define('DB_PASSWORD', 'x')`,
 * `headers.set("Authorization", "Bearer x")` (a quoted name, a comma, a quoted value), or
 * `setPassword("x")` (a setter called with a string). Returns the value's opening quote.
 */
function secretArgument(text: string, j: number, name: string, quotedName: boolean): Quote | undefined {
  let k = j;
  if (quotedName && text[k] === ',') k++;
  else if (text[k] === '(' && /^(?:set|with|put)[A-Z_]/.test(name.slice(name.lastIndexOf('.') + 1))) k++;
  else return undefined;
  while (text[k] === ' ' || text[k] === '\t') k++;
  const q = readQuoteAt(text, k);
  return q && isSecretName(name) ? q : undefined;
}

/** `--password=X`, `--password X`, `-pX` (mysql), `-p X` (docker login), `-u user:pw` (curl). */
function scanFlag(text: string, s: number, e: number, flag: string, ctx: Contexts, cuts: Cut[]): number {
  const long = flag.slice(flag[1] === '-' ? 2 : 1);
  if (!long || long[0] === '-') return e;
  const userPass = long.length <= 10 && USER_PASS_FLAGS.has(long);
  const named = flag.startsWith('--') || long.length > 2 ? isSecretFlag(long) : false;
  const short = !flag.startsWith('--') ? shortFlagTakesSecret(flag, ctx) : undefined;
  if (short === 'attached' && flag.length > 2) {
    // -pSECRET: the value is glued to the flag and runs to the end of the shell word.
    const value = readValue(text, s + 2, { lineStart: false, op: '', keyAt: s });
    return cut(text, value.from, value.to, 'cli-secret', 'password', cuts, value.resume);
  }
  if (short === 'attached' && flag.length === 2 && QUOTES.has(text[e] ?? '')) {
    const value = readValue(text, e, { lineStart: false, op: '', keyAt: s });
    return cut(text, value.from, value.to, 'cli-secret', 'password', cuts, value.resume);
  }
  if (ctx.curl && /^-[uU][^-]/.test(flag)) {
    // curl -uuser:password, glued.
    const value = readValue(text, s + 2, { lineStart: false, op: '', keyAt: s });
    return cutUserPass(text, value, cuts);
  }
  if (!named && !userPass && short !== 'separate') return e;
  let v = e;
  const oq = s > 0 ? quoteAt(text, s - 1) : undefined;
  const cq = oq ? readQuoteAt(text, e) : undefined;
  if (oq && cq && cq.char === oq.char && cq.bs === oq.bs) {
    // An argument list written out: ["--password", "x"].
    v = cq.end;
    while (text[v] === ' ' || text[v] === '\t') v++;
    if (text[v] !== ',') return e;
    v++;
    while (text[v] === ' ' || text[v] === '\t' || text[v] === '\n') v++;
    if (!readQuoteAt(text, v)) return e;
  } else if (text[v] === '=') v++;
  else {
    while (text[v] === ' ' || text[v] === '\t') v++;
    if (v === e || text[v] === '-' || v >= text.length) return e;
  }
  const value = readValue(text, v, { lineStart: false, op: '', keyAt: s });
  if (named || short === 'separate') return cut(text, value.from, value.to, 'cli-secret', long, cuts, value.resume);
  return cutUserPass(text, value, cuts);
}

/** user:password — keep the user, drop the password; `-u 1000:1000` (uid:gid) stays. */
function cutUserPass(text: string, value: Value, cuts: Cut[]): number {
  const raw = text.slice(value.from, value.to);
  const colon = raw.indexOf(':');
  if (colon < 0 || /^\d*$/.test(raw.slice(colon + 1))) return value.resume;
  return cut(text, value.from + colon + 1, value.to, 'cli-secret', 'password', cuts, value.resume);
}

/** No operator after the name: `aws_secret_access_key X`, `.netrc`'s `password X`, `password hunter2`. */
function scanSpaced(text: string, s: number, e: number, j: number, name: string, ctx: Contexts, cuts: Cut[]): number {
  if (j === e || j >= text.length || text[j] === '\n' || text[j] === '\r') return e;
  if (!isSecretName(name)) return e;
  const value = readValue(text, j, { lineStart: false, op: '', keyAt: s });
  const raw = text.slice(value.from, value.to);
  const netrc = ctx.netrc && /^(?:password|passwd|account)$/i.test(name);
  const compound = /[_.-]|[a-z][A-Z]/.test(name);
  if (netrc || (looksSecret(raw, compound) && !/^[/~.]/.test(raw)))
    return cut(text, value.from, value.to, kindFor(name, ' '), name, cuts, value.resume);
  return e;
}

/** A bare word after a secret name is a value when it does not read like a word of prose. */
function looksSecret(v: string, compoundName: boolean): boolean {
  if (v.length < 6 || v.startsWith(MARKER_PREFIX)) return false;
  if (/[0-9]/.test(v)) return true;
  if (/[^A-Za-z]/.test(v)) return v.length >= 8;
  return compoundName ? v.length >= 16 && /[a-z]/.test(v) && /[A-Z]/.test(v) : false;
}

function isSecretFlag(name: string): boolean {
  if (!isSecretName(name)) return false;
  // Flags that take no secret: --password-stdin, --ask-vault-pass, --no-auth, --token-file PATH.
  return !/(?:^|[-_])(?:stdin|ask|prompt|no|file|path|length|min|max|policy|reset|helper|type|method|mode|ttl|expiry|expires|id)(?:[-_]|$)/i.test(name);
}

function kindFor(name: string, op: string): SecretKind {
  if (/^(?:proxy-)?authorization$/i.test(name)) return 'bearer-token';
  if (/cookie/i.test(name)) return 'cookie';
  if (/secret_?access_?key/i.test(name)) return 'aws-secret-key';
  return op === '=' ? 'env-secret' : 'secret-value';
}

function operatorAt(text: string, j: number): { char: string; end: number } | undefined {
  const c = text[j];
  const n = text[j + 1];
  if (c === '=') return n === '=' ? undefined : { char: '=', end: n === '>' ? j + 2 : j + 1 };
  if (c === ':') {
    if (n === ':' || (n === '/' && text[j + 2] === '/')) return undefined;
    return { char: ':', end: n === '=' ? j + 2 : j + 1 };
  }
  return undefined;
}

/** Whether only blanks, `export `, `- ` or `#` come before `s` on its line. */
function startsLine(text: string, s: number): boolean {
  let k = s - 1;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
  if (k < 0 || text[k] === '\n' || text[k] === '\r') return true;
  if (text[k] === '-' || text[k] === '#') return k === 0 || text[k - 1] === '\n' || text[k - 1] === ' ';
  return text.slice(Math.max(0, k - 6), k + 1).endsWith('export') && (k < 6 || /\s/.test(text[k - 6] as string));
}

/** Record the cut unless the value is empty, a type name, a reference or already a marker. */
function cut(text: string, from: number, to: number, kind: SecretKind, name: string, cuts: Cut[], resume: number): number {
  if (kind === 'bearer-token' || kind === 'secret-value') {
    const scheme = /^(\S+)[ \t]+(?=\S)/.exec(text.slice(from, Math.min(to, from + 24)));
    if (scheme && AUTH_SCHEMES.test(scheme[1] as string)) from += scheme[0].length;
  }
  const value = text.slice(from, to).trim();
  if (!worthRedacting(value, name)) return resume;
  if (kind === 'cookie' && value.includes('=')) {
    cutCookies(text, from, to, cuts);
    return resume;
  }
  cuts.push({ from, to, kind });
  return resume;
}

/** `a=1; b=2`: each cookie's value goes, its name stays readable. */
function cutCookies(text: string, from: number, to: number, cuts: Cut[]): void {
  let i = from;
  while (i < to) {
    let end = text.indexOf(';', i);
    if (end < 0 || end > to) end = to;
    const eq = text.indexOf('=', i);
    if (eq >= 0 && eq < end) {
      const v = text.slice(eq + 1, end).trim();
      if (v && !v.startsWith(MARKER_PREFIX)) cuts.push({ from: eq + 1, to: end, kind: 'cookie' });
    }
    i = end + 1;
  }
}

/** Whether the value of a secret-named field is worth a marker (not empty, a type, a reference…). */
export function worthRedacting(value: string, name: string): boolean {
  if (!value || value.startsWith(MARKER_PREFIX)) return false;
  // Cheap tests first: this runs once per assignment, and a text may hold a hundred thousand.
  if (value.length <= 16 && NOT_SECRET_VALUES.has(value.toLowerCase())) return false;
  const first = value[0] as string;
  if (value.length <= 128 && value.length >= 2 && REFERENCE_START.has(first) && REFERENCE.test(value)) return false;
  // A version pinned under a name like `jsonwebtoken`; the shell's working folder in `PWD=`.
  if (value.length <= 40 && VERSION_START.test(first) && VERSION.test(value)) return false;
  if ((first === '/' || first === '~') && (name === 'PWD' || name === 'OLDPWD')) return false;
  if (weakName(name)) return value.length >= 8 && /[0-9A-Z+/=]/.test(value);
  return true;
}

// Names repeat (a .env file, a JSON array of records): remember the verdicts, within reason.
const weakNames = new Map<string, boolean>();

/** A name whose only secret word is a weak one (`key`, `sort_key`), unlike `api_key` or `password`. */
function weakName(name: string): boolean {
  let weak = weakNames.get(name);
  if (weak !== undefined) return weak;
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').split(/[^A-Za-z0-9]+/).filter(Boolean);
  weak =
    words.length > 0 &&
    words.every((w) => WEAK_WORDS.test(w) || !isSecretName(w)) &&
    !/api|access|client|account|master|signing|encryption|license|private/i.test(name);
  if (weakNames.size > 1000) weakNames.clear();
  weakNames.set(name, weak);
  return weak;
}
