/**
 * Remove `<private>…</private>` content. Tags are matched case-insensitively (and tolerate
 * whitespace or attributes inside the angle brackets), nest (an inner close does not end an
 * outer block), and an unclosed block runs to the end of the text: when in doubt, drop more.
 * A stray closing tag outside any block is dropped too, so no tag text survives.
 */
export function stripPrivate(text: string): string {
  if (!/<\s*\/?\s*private\b/i.test(text)) return text;
  const tag = /<\s*(\/?)\s*private\b[^>]*>/gi;
  let out = '';
  let depth = 0;
  let last = 0;
  for (let m = tag.exec(text); m !== null; m = tag.exec(text)) {
    if (depth === 0) out += text.slice(last, m.index);
    depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
    last = m.index + m[0].length;
  }
  if (depth === 0) out += text.slice(last);
  return out;
}
