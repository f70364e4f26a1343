import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretCase } from '../fixtures/secret-corpus';

/** What to search for: each secret whole, and each of its lines (a multi-line key split by a log line). */
const needles = (c: SecretCase): string[] =>
  c.secrets.flatMap((s) => [s, ...s.split('\n')]).filter((n) => n.length >= 8);

/** Every file under `dir` (logs, spool), as one buffer per file. */
export function filesUnder(dir: string): Array<[string, Buffer]> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(f).isFile())
    .map((f) => [f, readFileSync(f)]);
}

/**
 * `<case id> in <sink>` for every case whose secret is found in one of `files` (empty when none
 * leaked); logs under `label` how many secret shapes were kept out.
 */
export function leaksIn(cases: SecretCase[], sink: string, files: Array<[string, Buffer]>, label = sink): string[] {
  const leaked = new Set(files.flatMap(([, b]) => cases.filter((c) => needles(c).some((n) => b.includes(n)))));
  console.log(`${label}: ${cases.length - leaked.size}/${cases.length} secret shapes kept out`);
  return [...leaked].map((c) => `${c.id} in ${sink}`);
}
