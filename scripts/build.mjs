// Bundles each entry point on its own (the hook must never load worker code) and the viewer.
// `--if-stale` skips the build when dist/ is newer than every source file (fast `npm start`).
// Also builds dist/lexicon.db, the related-words lexicon (scripts/lexicon.mjs).
import { build } from 'esbuild';
import { readdirSync, readFileSync, statSync, existsSync, mkdirSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildLexicon } from './lexicon.mjs';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entries = ['hook', 'worker', 'mcp', 'cli', 'server'];

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

// The related-words lexicon (dist/lexicon.db, from WordNet): rebuilt only when missing or stale.
buildLexicon(root);

if (process.argv.includes('--if-stale')) {
  const out = join(root, 'dist/bin/cli.js');
  if (existsSync(out) && statSync(out).mtimeMs > newest(join(root, 'src'))) process.exit(0);
}

/**
 * An esbuild plugin that marks what `filter` matches as free of import-time side effects, so a
 * module none of whose exports are used is left out whole.
 */
function sideEffectFree(name, filter) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter }, async (args) => {
        if (args.pluginData?.resolved) return undefined;
        const r = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { resolved: true },
        });
        if (r.errors.length) return { errors: r.errors };
        return { path: r.path, namespace: r.namespace, external: r.external, sideEffects: false };
      });
    },
  };
}

// The hook runs on every tool call, so its bundle must not carry zod (it would double start-up):
// our modules have no import-time side effects, so a module none of whose exports the hook uses
// (the zod schemas in contracts/ and config/) can be left out whole.
const sideEffectFreeSources = sideEffectFree('side-effect-free-sources', /^\.\.?\//);

// @hono/node-server subclasses the global Request and Response when it is imported, and reading
// those globals makes Node load its fetch implementation (undici): `claude-mem status` paid for
// that because it imports the worker's port helpers. Nothing runs at its import that the CLI
// needs, so where `serve` is not called (only the worker serves) it is left out.
const honoServerWhenUsed = sideEffectFree('hono-server-when-used', /^@hono\/node-server$/);

// zod re-exports every message locale (`z.locales`, about 260 KB minified, a third of the MCP
// bundle) though it only ever configures English by itself and we never pick another: every
// process that loads zod would parse them at start-up. Only English is bundled.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'zod-english-only' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: root,
    }));
  },
};

const banner = {
  js: "import { createRequire as __cmCreateRequire } from 'node:module'; const require = __cmCreateRequire(import.meta.url);",
};

// The CLI loads each command with import() (src/cli/index.ts), so its bundle is split: cli.js holds
// the dispatcher and help, and each command's code sits in cli-chunk-*.js beside it (not in a
// subfolder: bundles find worker.js, the lexicon and the checkout relative to their own file).
// The worker is split the same way (worker-chunk-*.js): the provider SDKs load at the first model
// call (src/agent/providers), so an idle worker neither parses nor holds them.
// Chunks of an earlier build are removed first, so dist/ holds only what cli.js can load.
const binDir = join(root, 'dist/bin');
const split = new Set(['cli', 'worker']);
if (existsSync(binDir)) {
  for (const f of readdirSync(binDir))
    if (f.startsWith('cli-chunk-') || f.startsWith('worker-chunk-')) rmSync(join(binDir, f));
}

await Promise.all(
  entries.map((name) =>
    build({
      entryPoints: [join(root, `src/bin/${name}.ts`)],
      ...(split.has(name)
        ? { outdir: binDir, splitting: true, chunkNames: `${name}-chunk-[hash]` }
        : { outfile: join(binDir, `${name}.js`) }),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      // The SQLite driver is loaded at the first open, not imported (src/store/driver.ts):
      // node:sqlite where Node has it, else better-sqlite3 from node_modules.
      external: ['better-sqlite3', 'pg-native'],
      banner,
      // Smaller bundles parse faster at every start; names are kept for readable error messages.
      minify: true,
      keepNames: name !== 'hook',
      plugins:
        name === 'hook' || name === 'cli'
          ? [sideEffectFreeSources, honoServerWhenUsed, zodEnglishOnly]
          : [zodEnglishOnly],
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
