// docs/configuration.md must stay true: every setting in the schema has a row with its real
// default and expected value, every credential key is documented, and no row names a setting
// that no longer exists.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_KEYS, SETTING_KEYS, SETTINGS } from '../../src/config';

const DOC = readFileSync(resolve(__dirname, '../../docs/configuration.md'), 'utf8');

/** The table row that documents `key` (`| \`KEY\` | …`). */
function rowOf(key: string): string | undefined {
  return DOC.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
}

describe('docs/configuration.md', () => {
  it.each(SETTING_KEYS)('documents %s with its default and expected value', (key) => {
    const row = rowOf(key);
    expect(row, `add a row for ${key} to docs/configuration.md`).toBeDefined();
    const def = SETTINGS[key];
    const cells = (row as string).split('|').map((c) => c.trim());
    expect(cells[2]).toBe(def.default === '' ? '(empty)' : `\`${String(def.default)}\``);
    expect(cells[3]).toBe(def.expected);
  });

  it.each([...CREDENTIAL_KEYS])('documents the credential %s', (key) => {
    expect(rowOf(key), `add a row for ${key} to the credentials table`).toBeDefined();
  });

  it('has no row for a setting the schema no longer has', () => {
    const documented = [...DOC.matchAll(/^\| `(CLAUDE_MEM_[A-Z0-9_]+)` \|/gm)].map((m) => m[1] as string);
    const known = new Set<string>([...SETTING_KEYS, ...CREDENTIAL_KEYS]);
    expect(documented.filter((k) => !known.has(k))).toEqual([]);
  });
});
