import {
  CONCEPTS,
  OBSERVATION_TYPES,
  type ObservationDraft,
  type ObservationType,
  type SummaryDraft,
} from '../contracts';

export interface ParsedAnswer {
  observations: ObservationDraft[];
  summary?: SummaryDraft;
}

/**
 * Read a model's answer tolerantly: a code fence, prose around the JSON, trailing commas,
 * missing fields, unknown types (→ `change`), unknown concepts (dropped), non-string facts
 * (coerced) and empty titles (dropped) are all survivable. Returns `undefined` when nothing
 * usable is there (prose, empty, broken JSON): the caller then keeps the batch raw. Never throws.
 */
export function parseAnswer(text: string): ParsedAnswer | undefined {
  const value = extractJson(text);
  if (value === undefined) return undefined;
  const root = Array.isArray(value) ? { observations: value } : isObject(value) ? value : undefined;
  if (!root) return undefined;
  const rawList =
    root['observations'] ??
    root['items'] ??
    (typeof root['title'] === 'string' ? [root] : undefined);
  const summary = toSummary(root['summary']);
  if (!Array.isArray(rawList)) return summary ? { observations: [], summary } : undefined;
  const observations = rawList.flatMap((o) => {
    const obs = toObservation(o);
    return obs ? [obs] : [];
  });
  // Items were there but none was readable: that is junk, not "nothing worth noting".
  if (rawList.length > 0 && observations.length === 0 && !summary) return undefined;
  return summary ? { observations, summary } : { observations };
}

/** The first JSON value in a text: inside a code fence if there is one, else the first balanced {…} or […]. */
export function extractJson(text: string): unknown {
  const candidates: string[] = [];
  for (const m of text.matchAll(/```[a-zA-Z]*\s*\n?([\s\S]*?)```/g))
    candidates.push(m[1] as string);
  candidates.push(text);
  for (const c of candidates) {
    for (let start = firstOpen(c, 0); start !== -1; start = firstOpen(c, start + 1)) {
      const end = matchingClose(c, start);
      const slice = end === -1 ? c.slice(start) : c.slice(start, end + 1);
      const v = tryParse(slice);
      if (v !== undefined && (isObject(v) || Array.isArray(v))) return v;
    }
  }
  return undefined;
}

function firstOpen(s: string, from: number): number {
  const a = s.indexOf('{', from);
  const b = s.indexOf('[', from);
  return a === -1 ? b : b === -1 ? a : Math.min(a, b);
}

/** Index of the bracket closing the one at `start`, skipping strings; -1 if unbalanced. */
function matchingClose(s: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < s.length; i++) {
    const ch = s[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']');
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

function tryParse(s: string): unknown {
  for (const attempt of [s, repair(s)]) {
    try {
      return JSON.parse(attempt) as unknown;
    } catch (err) {
      void err; // try the repaired text next, then give up on this candidate
    }
  }
  return undefined;
}

/** The junk models commonly add: trailing commas, `//` line comments, smart quotes. */
function repair(s: string): string {
  return s
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/,\s*([}\]])/g, '$1');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toObservation(v: unknown): ObservationDraft | undefined {
  if (!isObject(v)) return undefined;
  const title = cap(str(v['title']), 200);
  if (!title) return undefined;
  const type = str(v['type']).toLowerCase();
  return {
    type: (OBSERVATION_TYPES as readonly string[]).includes(type)
      ? (type as ObservationType)
      : 'change',
    title,
    subtitle: cap(str(v['subtitle']), 400),
    facts: list(v['facts'], /\n/)
      .map((f) => cap(f, 1_000))
      .slice(0, 20),
    narrative: cap(str(v['narrative']), 4_000),
    concepts: [...new Set(list(v['concepts']).map((c) => c.toLowerCase()))].filter((c) =>
      (CONCEPTS as readonly string[]).includes(c),
    ),
    filesRead: list(v['files_read'] ?? v['filesRead']),
    filesModified: list(v['files_modified'] ?? v['filesModified']),
  };
}

function toSummary(v: unknown): SummaryDraft | undefined {
  if (typeof v === 'string' && v.trim())
    return {
      request: '',
      investigated: '',
      learned: '',
      completed: '',
      nextSteps: '',
      notes: cap(v.trim(), 4_000),
    };
  if (!isObject(v)) return undefined;
  const f = (k: string, alt?: string) => cap(str(v[k] ?? (alt ? v[alt] : undefined)), 4_000);
  const s: SummaryDraft = {
    request: f('request'),
    investigated: f('investigated'),
    learned: f('learned'),
    completed: f('completed'),
    nextSteps: f('next_steps', 'nextSteps'),
    notes: f('notes'),
  };
  return Object.values(s).some(Boolean) ? s : undefined;
}

/** A string from anything: lists are joined, other scalars stringified, objects JSON-encoded. */
function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.trim();
  if (Array.isArray(v)) return v.map(str).filter(Boolean).join('\n');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A list of non-empty strings from an array, a `sep`-separated string, or a scalar. */
function list(v: unknown, sep: RegExp = /[,\n]/): string[] {
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v.map(str) : typeof v === 'string' ? v.split(sep) : [str(v)];
  return items.map((s) => s.trim()).filter(Boolean);
}

function cap(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
