// Bundles each entry point on its own (the hook must never load worker code) and the viewer.
// `--if-stale` skips the build when dist/ is newer than every source file (fast `npm start`).
import { build } from 'esbuild';
import { readdirSync, readFileSync, statSync, existsSync, mkdirSync, cpSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entries = ['hook', 'worker', 'mcp', 'cli'];

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

if (process.argv.includes('--if-stale')) {
  const out = join(root, 'dist/bin/cli.js');
  if (existsSync(out) && statSync(out).mtimeMs > newest(join(root, 'src'))) process.exit(0);
}

const banner = {
  js: "import { createRequire as __cmCreateRequire } from 'node:module'; const require = __cmCreateRequire(import.meta.url);",
};

await Promise.all(
  entries.map((name) =>
    build({
      entryPoints: [join(root, `src/bin/${name}.ts`)],
      outfile: join(root, `dist/bin/${name}.js`),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      external: ['better-sqlite3'],
      banner,
      minify: name === 'hook',
      sourcemap: false,
      legalComments: 'none',
      define: { __VERSION__: JSON.stringify(pkg.version) },
      metafile: false,
      logLevel: 'warning',
    }),
  ),
);

// The viewer: browser code plus static files, served by the worker from dist/viewer.
const viewerSrc = join(root, 'src/viewer');
if (existsSync(join(viewerSrc, 'main.ts'))) {
  mkdirSync(join(root, 'dist/viewer'), { recursive: true });
  await build({
    entryPoints: [join(viewerSrc, 'main.ts')],
    outfile: join(root, 'dist/viewer/app.js'),
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'esm',
    minify: true,
    logLevel: 'warning',
  });
  const staticDir = join(viewerSrc, 'static');
  if (existsSync(staticDir)) cpSync(staticDir, join(root, 'dist/viewer'), { recursive: true });
}
