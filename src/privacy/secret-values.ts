// Reading the value after a secret name, for the scanner in secret-assign.ts: a quoted string
// (JSON escapes and nested escaping respected), a bracketed object or array, the rest of a line,
// one shell token, or the indented YAML block below. Each reader moves forward only and returns
// where the scan resumes.
import { MARKER_PREFIX } from './kinds';

export const QUOTES = new Set(['"', "'", '`']);
// Where an unquoted token value ends (shell words, URL query values, `a=b; c=d` lists).
const TOKEN_END = new Set([' ', '\t', '\n', '\r', '"', "'", '`', '&', ';', ',', '|', '<', '>', ')', ']', '}']);
export const AUTH_SCHEMES = /^(?:Bearer|Basic|Token|Bot|Digest|Negotiate|NTLM|OAuth|ApiKey|Key|SSWS|AWS4-HMAC-SHA256)$/i;

export interface Quote {
  char: string;
  /** Backslashes before the quote: 1 for `\"` inside a JSON string, 0 for a plain quote. */
  bs: number;
  /** Just past the quote. */
  end: number;
}

/** The quote at `i` (with the backslashes just before it). */
export function quoteAt(text: string, i: number): Quote | undefined {
  const char = text[i] as string;
  if (!QUOTES.has(char)) return undefined;
  let k = i - 1;
  while (k >= 0 && text[k] === '\\' && i - k <= 8) k--;
  return { char, bs: i - 1 - k, end: i + 1 };
}

/** A quote starting at `i`, possibly after backslashes (`\"`). */
export function readQuoteAt(text: string, i: number): Quote | undefined {
  let k = i;
  while (text[k] === '\\' && k - i < 8) k++;
  const char = text[k];
  if (char === undefined || !QUOTES.has(char)) return undefined;
  return { char, bs: k - i, end: k + 1 };
}

/** Whether a quote with `bs` backslashes closes a string opened with `open` backslashes. */
function closes(bs: number, open: number): boolean {
  return bs < open || bs % (2 * open + 2) === open;
}

export interface ReadOpts {
  /** The name sits inside this open quote: the value runs to its closing quote. */
  quote?: Quote;
  lineStart: boolean;
  op: string;
  keyAt: number;
}

export interface Value {
  from: number;
  to: number;
  /** Where scanning resumes (past a closing quote or bracket). */
  resume: number;
}

export function readValue(text: string, v: number, o: ReadOpts): Value {
  const opening = readQuoteAt(text, v);
  if (opening) return readQuoted(text, opening);
  const c = text[v];
  if (text.startsWith(MARKER_PREFIX, v)) {
    const close = text.indexOf(']', v);
    return { from: v, to: close + 1, resume: close + 1 };
  }
  if ((c === '{' || c === '[') && o.op) return readBracketed(text, v);
  if (o.quote) {
    const q = readQuoted(text, { ...o.quote, end: v });
    return q;
  }
  if (c === undefined || c === '\n' || c === '\r') {
    return o.op === ':' ? readIndentedBlock(text, v, o.keyAt) : { from: v, to: v, resume: v };
  }
  if (o.lineStart && o.op) return readLine(text, v, o.op === ':' ? o.keyAt : -1);
  // `note: secret: |` then an indented block: the name need not start its line (a title or a
  // model's prose put words before it), the block below is still the value.
  const block = o.op === ':' ? /^[|>][+-]?\d*[ \t]*(?=\r?\n)/.exec(text.slice(v, v + 16)) : null;
  if (block) return readIndentedBlock(text, v + block[0].length, o.keyAt);
  return readToken(text, v);
}

export function readQuoted(text: string, q: Quote): Value {
  let bs = 0;
  for (let i = q.end; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\n') return { from: q.end, to: i, resume: i };
    if (c === '\\') {
      bs++;
      continue;
    }
    if (c === q.char && closes(bs, q.bs)) return { from: q.end, to: i - Math.min(bs, q.bs), resume: i + 1 };
    bs = 0;
  }
  return { from: q.end, to: text.length, resume: text.length };
}

function readBracketed(text: string, v: number): Value {
  let depth = 0;
  let inString = false;
  let bs = 0;
  for (let i = v; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      bs++;
      continue;
    }
    if (c === '"' && bs % 2 === 0) inString = !inString;
    else if (!inString && (c === '{' || c === '[')) depth++;
    else if (!inString && (c === '}' || c === ']') && --depth === 0) return { from: v + 1, to: i, resume: i + 1 };
    bs = 0;
  }
  return { from: v + 1, to: text.length, resume: text.length };
}

/** The rest of the line, without a trailing ` # comment`, blanks or `,`/`;`; a YAML `|` block continues below. */
function readLine(text: string, v: number, yamlKeyAt: number): Value {
  let end = v;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  let to = end;
  const hash = text.slice(v, end).search(/[ \t]#/);
  if (hash >= 0) to = v + hash;
  while (to > v && /[ \t,;]/.test(text[to - 1] as string)) to--;
  if (yamlKeyAt >= 0 && /^[|>][+-]?\d*$/.test(text.slice(v, to))) return readIndentedBlock(text, end, yamlKeyAt);
  return { from: v, to, resume: end };
}

function readToken(text: string, v: number): Value {
  const end = tokenEnd(text, v);
  // "Bearer abc…": the scheme stays readable, the credential after it goes.
  if (end - v <= 16 && AUTH_SCHEMES.test(text.slice(v, end)) && (text[end] === ' ' || text[end] === '\t')) {
    let w = end;
    while (text[w] === ' ' || text[w] === '\t') w++;
    const to = tokenEnd(text, w);
    return { from: w, to, resume: to };
  }
  return { from: v, to: end, resume: end };
}

function tokenEnd(text: string, v: number): number {
  let end = v;
  while (end < text.length && !TOKEN_END.has(text[end] as string)) end++;
  return end;
}

/** `token:` then lines indented deeper than the name: a YAML mapping or block scalar under a secret name. */
function readIndentedBlock(text: string, eol: number, keyAt: number): Value {
  let lineStart = keyAt;
  while (lineStart > 0 && text[lineStart - 1] !== '\n') lineStart--;
  let indent = 0;
  while (/[ \t-]/.test(text[lineStart + indent] ?? '')) indent++;
  let i = text[eol] === '\r' ? eol + 1 : eol;
  if (text[i] !== '\n') return { from: eol, to: eol, resume: eol };
  const from = i + 1;
  let to = from;
  i = from;
  while (i < text.length) {
    let k = i;
    while (text[k] === ' ' || text[k] === '\t') k++;
    const blank = text[k] === '\n' || text[k] === '\r' || k >= text.length;
    if (!blank && k - i <= indent) break;
    while (k < text.length && text[k] !== '\n') k++;
    if (!blank) to = k;
    i = k + 1;
  }
  return { from, to, resume: Math.max(to, from) };
}
