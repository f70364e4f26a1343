// The secret corpus (test/fixtures/secret-corpus.ts) through the pure privacy functions: every
// real-world shape is caught, every look-alike survives. The end-to-end test runs the same corpus
// through the real hooks, the MCP server and the worker's model requests.
import { describe, expect, it } from 'vitest';
import { redactSecrets, sanitize, sanitizeText } from '../../src/privacy';
import { NEGATIVES, secretCases, type SecretCase } from '../fixtures/secret-corpus';

/** The secret, and each line of a multi-line one, long enough to be searched for. */
export const needles = (c: SecretCase): string[] =>
  c.secrets.flatMap((s) => [s, ...s.split('\n')]).filter((n) => n.length >= 8);

const leaked = (c: SecretCase, out: string) => needles(c).some((n) => out.includes(n));

describe('the secret corpus', () => {
  const cases = secretCases();

  it('has at least 150 shapes, each with a secret to look for', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    for (const c of cases) expect(needles(c).length, c.id).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('every shape is caught in plain text (catch rate printed)', () => {
    const missed = cases.filter((c) => leaked(c, sanitizeText(c.text)));
    const rate = (100 * (cases.length - missed.length)) / cases.length;
    console.log(`secret corpus catch rate: ${cases.length - missed.length}/${cases.length} (${rate.toFixed(1)}%)`);
    expect(missed.map((c) => c.id)).toEqual([]);
  });

  it('every shape is caught inside a tool event, as JSON would carry it', () => {
    const missed = cases.filter((c) => {
      const out = sanitize({
        // An argument list where the text is a plain command line.
        toolInput: { command: c.text, args: /["'\n]/.test(c.text) ? [] : c.text.trim().split(/\s+/) },
        toolResponse: { stdout: `output:\n${c.text}\n`, json: JSON.stringify({ text: c.text }) },
      });
      return leaked(c, JSON.stringify(out));
    });
    expect(missed.map((c) => c.id)).toEqual([]);
  });

  it('all shapes together in one text are caught too (one rule does not hide another)', () => {
    const all = cases.map((c) => c.text).join('\n');
    const out = sanitizeText(all);
    expect(cases.filter((c) => leaked(c, out)).map((c) => c.id)).toEqual([]);
  });

  it('look-alikes survive: hashes, UUIDs, data URIs, prose, paths, versions', () => {
    const lost = NEGATIVES.flatMap((n) => {
      const out = sanitizeText(n.text);
      return n.keep.filter((k) => !out.includes(k)).map((k) => `${n.id}: ${k}`);
    });
    expect(lost).toEqual([]);
  });

  it('redaction is idempotent on the corpus', () => {
    const once = redactSecrets(cases.map((c) => c.text).join('\n'));
    expect(redactSecrets(once)).toBe(once);
  });
});
