// STUB (to be replaced by the privacy implementation): the public surface other parts rely on.

/** Remove `<private>…</private>` content (case-insensitive, nested, unclosed → to the end). */
export function stripPrivate(text: string): string {
  return text;
}

/** Replace secret-shaped strings with a marker naming their kind, e.g. `[REDACTED:anthropic-key]`. */
export function redactSecrets(text: string): string {
  return text;
}

/** stripPrivate + redactSecrets (when `redact`), applied to every string inside a JSON-like value. */
export function sanitize<T>(value: T, opts: { redact: boolean } = { redact: true }): T {
  void opts;
  return value;
}

/** Whether a project (root path or name) matches one of the exclusion globs. */
export function isExcludedProject(project: { root: string; name: string }, globs: string[]): boolean {
  void project;
  void globs;
  return false;
}
