// The viewer ships small and self-contained: one JS bundle under 60 KB (minified), no CDN or other
// remote resource, so it works offline. Needs the build (`npm test` builds first).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAILURE_FIXES } from '../../src/contracts';

const DIST = resolve(__dirname, '../../dist/viewer');
const built = existsSync(join(DIST, 'app.js'));

describe.skipIf(!built)('viewer bundle', () => {
  it('the app.js bundle stays under 60 KB minified', () => {
    expect(statSync(join(DIST, 'app.js')).size).toBeLessThan(60 * 1024);
  });

  it('loads nothing from another host (works offline)', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.filter((r) => /^(https?:)?\/\//.test(r as string))).toEqual([]);
    const css = readFileSync(join(DIST, 'style.css'), 'utf8');
    expect(css).not.toMatch(/@import|url\(/);
    const js = readFileSync(join(DIST, 'app.js'), 'utf8');
    // The only absolute URL in the bundle is the SVG namespace; fetches are same-origin paths.
    const urls = [...js.matchAll(/https?:\/\/[^\s"'`)]+/g)].map((m) => m[0]);
    expect(
      urls.filter((u) => u !== 'http://www.w3.org/2000/svg' && !u.startsWith('http://127.0.0.1')),
    ).toEqual([]);
  });

  it('bundles no server code (contracts are imported as types only)', () => {
    const js = readFileSync(join(DIST, 'app.js'), 'utf8');
    expect(js).not.toMatch(/better-sqlite3|node:fs|ZodError/);
  });

  it('keeps no copy of the fix texts: the worker sends each error with its fix (contracts/failures.ts)', () => {
    const js = readFileSync(join(DIST, 'app.js'), 'utf8');
    for (const fix of Object.values(FAILURE_FIXES.model)) expect(js).not.toContain(fix.slice(0, 40));
  });
});
