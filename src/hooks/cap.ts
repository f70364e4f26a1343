/**
 * Keep queue rows small: a tool's input or output (a whole file written, a long build log) is
 * cut to `max` characters of JSON with the middle elided, since the start and the end are what
 * say what happened. Runs after privacy stripping, so a cut can never expose half a secret.
 */
export function capValue(value: unknown, max: number): unknown {
  if (serializedLength(value) <= max) return value;
  const perString = Math.max(200, Math.floor(max / 2));
  const shrunk = capStrings(value, perString, 0);
  if (serializedLength(shrunk) <= max) return shrunk;
  // Last resort: the JSON text itself, elided. Escaping its quotes makes it longer again, so shrink until it fits.
  const json = JSON.stringify(shrunk) ?? '';
  let text = elide(json, max);
  for (
    let budget = max;
    serializedLength(text) > max && budget > 100;
    budget = Math.floor(budget * 0.8)
  )
    text = elide(json, budget);
  return text;
}

/** `head…[N chars elided]…tail`, at most about `max` characters. */
export function elide(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.max(0, max - 40);
  const head = Math.ceil(keep * 0.6);
  const tail = keep - head;
  return `${text.slice(0, head)}\n…[${text.length - keep} chars elided]…\n${tail > 0 ? text.slice(-tail) : ''}`;
}

function serializedLength(value: unknown): number {
  return value === undefined ? 0 : (JSON.stringify(value)?.length ?? 0);
}

function capStrings(value: unknown, max: number, depth: number): unknown {
  if (typeof value === 'string') return elide(value, max);
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => capStrings(v, max, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, capStrings(v, max, depth + 1)]),
  );
}
