import { redactionMarker } from './kinds';
import { privateState, stripPrivate, type PrivateState } from './private-tags';
import { worthRedacting } from './secret-assign';
import { isSecretName, redactSecrets } from './secrets';

export interface SanitizeOptions {
  /** Redact secret-shaped strings too (CLAUDE_MEM_REDACT_SECRETS); `<private>` is always stripped. */
  redact: boolean;
}

/**
 * stripPrivate + redactSecrets (when `redact`), applied to a whole JSON-like value: every string
 * value in document order with one `<private>` state, so a block opened in one
 * field (a tool's input) and closed in another (its output) hides everything between (object keys
 * are cleaned on their own and kept: they are structure). Pass the
 * parts of one event together (`sanitize({ toolInput, toolResponse })`), not one by one.
 *
 * Beyond the text rules: a field whose name says it holds a secret (`password`, `apiKey`,
 * `GITHUB_TOKEN`) is replaced whole, whatever it holds (a string, an object, an array); so is the
 * value of a `{name: "DB_PASSWORD", value: …}` pair (Kubernetes env, HAR headers) and the word
 * after a secret flag in an argument list (`["--password", "x"]`). Returns a new value.
 */
export function sanitize<T>(value: T, opts: SanitizeOptions = { redact: true }): T {
  return clean(value, opts, privateState(), 0) as T;
}

/** stripPrivate, then redactSecrets when asked: the one pipeline every captured string goes through. */
export function sanitizeText(
  text: string,
  opts: SanitizeOptions = { redact: true },
  state: PrivateState = privateState(),
): string {
  const stripped = stripPrivate(text, state);
  return opts.redact ? redactSecrets(stripped) : stripped;
}

// Deep enough for any real tool payload; deeper values are dropped rather than recursed into.
const MAX_DEPTH = 64;
const SECRET = redactionMarker('secret-value');

function clean(value: unknown, opts: SanitizeOptions, state: PrivateState, depth: number): unknown {
  if (typeof value === 'string') return sanitizeText(value, opts, state);
  // Inside a private block numbers go too; booleans and null say nothing.
  if (value === null || typeof value !== 'object') return state.depth > 0 && typeof value === 'number' ? null : value;
  if (depth >= MAX_DEPTH) return '[omitted: nested too deeply]';
  if (Array.isArray(value)) return cleanArray(value, opts, state, depth);
  const entries = Object.entries(value as Record<string, unknown>);
  const pairName = opts.redact ? secretPairName(entries) : undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    // Keys are structure (toolResponse, stdout): cleaned on their own, kept inside a private block.
    const key = sanitizeText(k, opts);
    const named = isSecretName(k) && (typeof v !== 'string' || worthRedacting(v.trim(), k));
    const whole = opts.redact && (named || (pairName !== undefined && /^value$/i.test(k)));
    out[key] = whole ? redactWhole(v, opts, state, depth) : clean(v, opts, state, depth + 1);
  }
  return out;
}

/** An argument list: the element after a secret flag (`--password`, `-p` after mysql) is the secret. */
function cleanArray(items: unknown[], opts: SanitizeOptions, state: PrivateState, depth: number): unknown[] {
  const argv = opts.redact ? cleanArgv(items, state) : undefined;
  if (argv) return argv;
  const out: unknown[] = [];
  let secretNext = false;
  for (const item of items) {
    if (secretNext && typeof item === 'string' && item !== '' && !item.startsWith('-')) {
      // Still read for tags, so a block that opens or closes here keeps the state right.
      sanitizeText(item, opts, state);
      out.push(SECRET);
      secretNext = false;
      continue;
    }
    secretNext = opts.redact && typeof item === 'string' && isSecretArg(item);
    out.push(clean(item, opts, state, depth + 1));
  }
  return out;
}

/**
 * A list of plain words (`["mysql", "-uroot", "-pSECRET"]`) is redacted as the command line it
 * stands for, so context such as "this is mysql" reaches every word. Used only when the words map
 * back one to one; otherwise each element is cleaned alone.
 */
function cleanArgv(items: unknown[], state: PrivateState): unknown[] | undefined {
  if (items.length < 2 || items.length > 256) return undefined;
  if (!items.every((x) => typeof x === 'string' && x !== '' && !/\s/.test(x))) return undefined;
  const before = { depth: state.depth };
  const words = (items as string[]).map((x) => stripPrivate(x, state));
  if (before.depth !== 0 || state.depth !== 0 || words.some((w) => w === '')) {
    state.depth = before.depth;
    return undefined;
  }
  const joined = redactSecrets(words.join(' '));
  const parts = joined.split(' ');
  // A value with spaces was cut as one: keep the words that survived, drop the ones that did not.
  if (parts.length !== items.length) return words.map((w) => (joined.includes(w) ? w : SECRET));
  return parts.map((p, i) => (i > 0 && isSecretArg(words[i - 1] as string) && !p.startsWith('[REDACTED:') && !p.startsWith('-') ? SECRET : p));
}

function isSecretArg(arg: string): boolean {
  if (!/^--?[A-Za-z][\w-]*$/.test(arg)) return false;
  return /^-(?:p|u|a|P)$/.test(arg) || isSecretName(arg.replace(/^-+/, ''));
}

/** A secret-named field: keep its shape (so the reader sees there was one), drop every value in it. */
function redactWhole(v: unknown, opts: SanitizeOptions, state: PrivateState, depth: number): unknown {
  if (typeof v === 'string') {
    sanitizeText(v, { redact: false }, state);
    return v === '' || v.startsWith('[REDACTED:') ? v : SECRET;
  }
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v !== 'object') return SECRET;
  if (depth >= MAX_DEPTH) return '[omitted: nested too deeply]';
  if (Array.isArray(v)) return v.map((x) => redactWhole(x, opts, state, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    out[sanitizeText(k, opts)] = redactWhole(x, opts, state, depth + 1);
  }
  return out;
}

/** The secret name in a `{name|key: "DB_PASSWORD", value: …}` pair, if this object is one. */
function secretPairName(entries: Array<[string, unknown]>): string | undefined {
  if (entries.length > 8 || !entries.some(([k]) => /^value$/i.test(k))) return undefined;
  const named = entries.find(([k, v]) => /^(?:name|key)$/i.test(k) && typeof v === 'string');
  const name = named?.[1] as string | undefined;
  return name !== undefined && isSecretName(name) ? name : undefined;
}
