// Real npm tarballs for the packaging tests: claude-mem packed from this checkout exactly as
// `npm publish` would pack it (the `files` list), and its runtime dependencies packed from
// node_modules so the local registry (npm-registry.ts) can serve a complete, offline install.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ROOT } from './claude-cli';
import type { RegistryVersion } from './npm-registry';

/** package.json: the fields a registry entry carries, and what `npm pack` reads besides. */
interface Manifest extends Omit<RegistryVersion, 'tarball'> {
  scripts?: Record<string, string>;
  files?: string[];
}

/**
 * `npm pack` of this checkout into `dest`. `--ignore-scripts` skips `prepack` (the build): the
 * test run has just built dist/ (`npm test`), and rebuilding it here would rewrite bundles that
 * other test files are running.
 */
export function packCheckout(dest: string): {
  tarball: string;
  files: string[];
  manifest: Manifest;
} {
  const out = execFileSync(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', dest],
    { cwd: ROOT, encoding: 'utf8', env: npmEnv(dest) },
  );
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!info) throw new Error(`npm pack printed no result: ${out}`);
  return {
    tarball: join(dest, info.filename),
    files: info.files.map((f) => f.path),
    manifest: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest,
  };
}

/** The same tarball with another version number: a later release, for update tests. */
export function repackWithVersion(tarball: string, version: string, dest: string): string {
  const dir = mkdtempSync(join(dest, 'repack-'));
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  const pkgJson = join(dir, 'package', 'package.json');
  const manifest = JSON.parse(readFileSync(pkgJson, 'utf8')) as Manifest;
  writeFileSync(pkgJson, JSON.stringify({ ...manifest, version }, null, 2));
  const out = join(dest, `claude-mem-${version}.tgz`);
  execFileSync('tar', ['-czf', out, '-C', dir, 'package']);
  rmSync(dir, { recursive: true, force: true });
  return out;
}

/** A registry entry for a packed claude-mem tarball. */
export function registryEntry(tarball: string, manifest: Manifest): RegistryVersion {
  return {
    name: manifest.name,
    version: manifest.version,
    tarball,
    ...(manifest.dependencies ? { dependencies: manifest.dependencies } : {}),
    ...(manifest.optionalDependencies ? { optionalDependencies: manifest.optionalDependencies } : {}),
    ...(manifest.bin ? { bin: manifest.bin } : {}),
  };
}

/**
 * better-sqlite3 and what it needs at run time, packed from node_modules. better-sqlite3's own
 * install step downloads a prebuilt binary from GitHub (prebuild-install) or compiles one; neither
 * is possible offline (nor quick on CI's 2 cores), so its stand-in carries the binary this
 * checkout already built and no install script: the double for that download.
 */
export function runtimeDependencies(dest: string): RegistryVersion[] {
  const sqlite = packInstalled(
    'better-sqlite3',
    dest,
    (m) => {
      const { install: _dropped, ...scripts } = m.scripts ?? {};
      void _dropped;
      return { ...m, scripts, dependencies: { bindings: m.dependencies?.bindings ?? '*' } };
    },
    keepBinaryOnly,
  );
  return [sqlite, packInstalled('bindings', dest), packInstalled('file-uri-to-path', dest)];
}

/** Of better-sqlite3's files, the JS and the built binary; no binding.gyp (npm would run node-gyp for it). */
function keepBinaryOnly(rel: string): boolean {
  if (rel === 'binding.gyp') return false;
  if (rel === 'build' || rel === join('build', 'Release')) return true;
  return !rel.startsWith(`build${sep}`) || rel === join('build', 'Release', 'better_sqlite3.node');
}

function packInstalled(
  name: string,
  dest: string,
  edit: (m: Manifest) => Manifest = (m) => m,
  keep: (rel: string) => boolean = () => true,
): RegistryVersion {
  const src = join(ROOT, 'node_modules', name);
  const dir = mkdtempSync(join(dest, `dep-${name}-`));
  const skip = new Set(['node_modules', 'deps', 'src', 'test', 'benchmark', 'docs']);
  cpSync(src, join(dir, 'package'), {
    recursive: true,
    filter: (p) => {
      const rel = relative(src, p);
      if (rel === '') return true;
      return !skip.has(rel.split(sep)[0] ?? '') && keep(rel);
    },
  });
  const pkgJson = join(dir, 'package', 'package.json');
  const manifest = edit(JSON.parse(readFileSync(pkgJson, 'utf8')) as Manifest);
  delete manifest.files; // everything copied above is meant to be installed
  writeFileSync(pkgJson, JSON.stringify(manifest, null, 2));
  const tarball = join(dest, `${name}-${manifest.version}.tgz`);
  execFileSync('tar', ['-czf', tarball, '-C', dir, 'package']);
  rmSync(dir, { recursive: true, force: true });
  return {
    name,
    version: manifest.version,
    tarball,
    ...(manifest.dependencies ? { dependencies: manifest.dependencies } : {}),
  };
}

/** npm with its own cache and config under `dir`: nothing read from or written to the user's. */
export function npmEnv(dir: string, registry?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k)) continue; // vitest under `npm test` inherits npm_config_* of the run
    env[k] = v;
  }
  return {
    ...env,
    npm_config_cache: join(dir, '.npm-cache'),
    npm_config_userconfig: join(dir, '.npmrc'),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...(registry ? { npm_config_registry: registry } : {}),
  };
}
