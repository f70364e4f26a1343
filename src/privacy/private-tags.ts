/**
 * How deep inside `<private>` blocks the text read so far ends. One state is carried through
 * every string of an event in document order (tool input, then output; array elements in order),
 * so a block opened in one field and closed in another hides everything between.
 */
export interface PrivateState {
  depth: number;
}

export const privateState = (): PrivateState => ({ depth: 0 });

/**
 * Remove `<private>…</private>` content. Tags are matched case-insensitively and leniently:
 * whitespace or attributes inside the brackets (`< private >`, `<private reason="x">`,
 * `</ private>`), `<private/>`, HTML- and JSON-escaped brackets (`&lt;private&gt;`,
 * `\u003cprivate\u003e`, `<\/private>`), full-width brackets. Blocks nest (an inner close does not
 * end an outer block); an unclosed block runs to the end of the event; a tag with no `>` runs to
 * the end of its text. A stray closing tag outside any block is dropped, so no tag text survives.
 * When in doubt, drop more.
 *
 * One forward pass: each character is looked at a bounded number of times, so adversarial input
 * (a megabyte of `<private ` with no `>`) costs no more than ordinary text.
 */
export function stripPrivate(text: string, state: PrivateState = privateState()): string {
  if (state.depth === 0 && !MAYBE_TAG.test(text)) return text;
  OPEN.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = OPEN.exec(text); m !== null; m = OPEN.exec(text)) {
    const tag = readTag(text, m.index + m[0].length);
    if (!tag) continue;
    if (state.depth === 0) out += text.slice(last, m.index);
    state.depth = tag.close ? Math.max(0, state.depth - 1) : state.depth + 1;
    last = tag.end;
    OPEN.lastIndex = tag.end;
  }
  if (state.depth === 0) out += text.slice(last);
  return out;
}

// A cheap first look: most text has no tag at all.
const MAYBE_TAG = /private/i;
// Every spelling of "<" we honour. Matching one is O(1); the rest is read by hand below.
const OPEN = /<|&lt;|&#0*60;|&#x0*3c;|\\u003c|\\x3c|＜/gi;
const TAG_END = />|&gt;|&#0*62;|&#x0*3e;|\\u003e|\\x3e|＞/gi;
const NAME = 'private';

/** After an opening bracket at `from`: `\s* (/|\/)? \s* private` not followed by a name character. */
function readTag(text: string, from: number): { close: boolean; end: number } | undefined {
  let i = skipSpace(text, from);
  let close = false;
  if (text[i] === '/') {
    close = true;
    i = skipSpace(text, i + 1);
  } else if (text[i] === '\\' && text[i + 1] === '/') {
    close = true;
    i = skipSpace(text, i + 2);
  }
  if (text.slice(i, i + NAME.length).toLowerCase() !== NAME) return undefined;
  i += NAME.length;
  if (i < text.length && /[A-Za-z0-9_]/.test(text[i] as string)) return undefined;
  // The tag runs to the next closing bracket, or to the end of the text when there is none.
  // Either way the scan resumes past it, so no character is read twice.
  TAG_END.lastIndex = i;
  const end = TAG_END.exec(text);
  return { close, end: end ? end.index + end[0].length : text.length };
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}
