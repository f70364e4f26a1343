/** A JSON list column (facts, concepts, files) as strings; anything else reads as empty. */
export function parseList(s: string): string[] {
  const v: unknown = JSON.parse(s);
  return Array.isArray(v) ? v.map(String) : [];
}
