/**
 * Keep the start and the end of a long text and drop the middle: the head says what was run or
 * read, the tail holds the result or the error, and the middle is usually the least informative.
 */
export function elideMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = (n: number) => `\n…[${n} chars elided]…\n`;
  // The marker's own length depends on n; reserve room for the widest one.
  const room = Math.max(0, max - marker(text.length).length);
  const head = Math.ceil(room / 2);
  const tail = room - head;
  const elided = text.length - head - tail;
  return `${text.slice(0, head)}${marker(elided)}${tail > 0 ? text.slice(-tail) : ''}`;
}

/**
 * A tool input or output as readable text. Strings stay as they are; for objects each top-level
 * field goes on its own line with string values unescaped, so stdout or file content keeps its
 * line breaks instead of becoming one `\n`-escaped JSON string.
 */
export function renderValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  const lines: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    lines.push(
      typeof v === 'string'
        ? v.includes('\n')
          ? `${k}:\n${v}`
          : `${k}: ${v}`
        : `${k}: ${JSON.stringify(v)}`,
    );
  }
  return lines.join('\n');
}

/** First line of a text, trimmed and capped, for titles. */
export function firstLine(text: string, max: number): string {
  const line = (text.split('\n').find((l) => l.trim() !== '') ?? '').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
