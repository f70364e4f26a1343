// claude-mem as users get it: the real `npm pack` tarball, served by a local npm registry (the
// test double for publishing; nothing reaches the network), installed with `npm i -g` into a
// fresh prefix, or by Claude Code itself from our marketplace.json (an `npm` plugin source).
// Then the real Claude Code CLI (no --plugin-dir) runs sessions against a fake model.
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  realpathSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, sqliteDriver } from '../../src/store';
import { allText, startFakeModel, type FakeModel } from '../helpers/claude-fake-model';
import {
  CLAUDE_BIN,
  claudeEnv,
  gitRepo,
  ROOT,
  runClaude,
  stopWorkerOf,
} from '../helpers/claude-cli';
import {
  npmEnv,
  packCheckout,
  registryEntry,
  repackWithVersion,
  runtimeDependencies,
} from '../helpers/npm-pack';
import { startNpmRegistry, type NpmRegistry } from '../helpers/npm-registry';
import { waitUntil } from '../helpers/wait-until';

const run = promisify(execFile);
let tmp: string;
let fake: FakeModel;
let registry: NpmRegistry;
let packed: ReturnType<typeof packCheckout>;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'cm-package-e2e-'));
  const packs = join(tmp, 'packs');
  mkdirSync(packs);
  packed = packCheckout(packs);
  registry = await startNpmRegistry([
    ...runtimeDependencies(packs),
    registryEntry(packed.tarball, packed.manifest),
  ]);
  fake = await startFakeModel();
}, 120_000);

afterAll(async () => {
  await registry?.close();
  await fake?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A user's machine: its own HOME, data dir and npm config, npm pointed at the local registry. */
function machine(name: string) {
  const home = join(tmp, name, 'home');
  const dataDir = join(tmp, name, 'data');
  mkdirSync(join(home, '.claude'), { recursive: true });
  const env = {
    ...claudeEnv({ home, dataDir, modelUrl: fake.url }),
    ...npmEnv(join(tmp, name), registry.url),
    HOME: home,
  };
  return { base: join(tmp, name), home, dataDir, env };
}

/** Run a command without blocking this process: the registry it may talk to lives here. */
async function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = tmp) {
  try {
    const r = await run(cmd, args, { env, cwd, encoding: 'utf8', timeout: 120_000 });
    return { code: 0, out: `${r.stdout}${r.stderr}` };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : 1,
      out: `${e.stdout ?? ''}${e.stderr ?? ''}`,
    };
  }
}

function memoryTitles(dataDir: string): string[] {
  const db = openStore(join(dataDir, 'memory.db'));
  try {
    return (
      db.prepare('SELECT title FROM observations ORDER BY id').all() as Array<{ title: string }>
    ).map((r) => r.title);
  } finally {
    db.close();
  }
}

/**
 * Session 1 runs a tool; once the worker has compressed it (and after `between`, e.g. an update),
 * session 2 of the same repository is given that observation at session start.
 */
async function captureThenRemember(
  m: ReturnType<typeof machine>,
  word: string,
  between?: () => Promise<void>,
): Promise<void> {
  const repo = gitRepo(join(m.base, 'repo'));
  const session = (prompt: string) =>
    runClaude({ prompt, cwd: repo, home: m.home, dataDir: m.dataDir, modelUrl: fake.url });
  const s1 = await session(
    `Note this.\n@tool Bash {"command":"echo ${word}","description":"say ${word}"}\n@text done`,
  );
  expect(s1.code, s1.stderr).toBe(0);
  await waitUntil('the worker compressed session 1', () => {
    if (!existsSync(join(m.dataDir, 'memory.db'))) return false;
    return memoryTitles(m.dataDir).length > 0;
  });
  const title = memoryTitles(m.dataDir)[0] ?? '';
  await stopWorkerOf(m.dataDir);
  await between?.();
  const mark = fake.requests.length;
  const s2 = await session('What did we do?\n@text nothing new');
  expect(s2.code, s2.stderr).toBe(0);
  expect(firstMainLoopText(mark)).toContain(title);
  await stopWorkerOf(m.dataDir);
}

function firstMainLoopText(mark: number): string {
  const first = fake.mainLoopRequests().find((r) => fake.requests.indexOf(r) >= mark);
  expect(first, 'a main-loop request reached the fake model').toBeDefined();
  const body = first?.body as { messages: Array<{ content: unknown }> };
  return body.messages.map((m) => allText(m.content)).join('\n');
}

describe('the npm package', () => {
  it('carries the prebuilt plugin and nothing of the checkout', () => {
    expect(packed.files).toEqual(
      expect.arrayContaining([
        '.claude-plugin/plugin.json',
        '.claude-plugin/marketplace.json',
        'hooks/hooks.json',
        'dist/bin/cli.js',
        'dist/bin/hook.js',
        'dist/bin/mcp.js',
        'dist/bin/worker.js',
        'dist/lexicon.db',
        'dist/viewer/index.html',
        'README.md',
      ]),
    );
    expect(packed.files.filter((f) => /^(src|test|node_modules|scripts)\//.test(f))).toEqual([]);
    expect(packed.manifest.scripts?.prepack).toContain('scripts/build.mjs');
    expect(packed.manifest.scripts?.postinstall).toBeUndefined();
    // Everything else is bundled; the native driver is optional (Node 22.16+ uses node:sqlite).
    expect(Object.keys(packed.manifest.dependencies ?? {})).toEqual([]);
    expect(Object.keys(packed.manifest.optionalDependencies ?? {})).toEqual(['better-sqlite3']);
  });

  it('npm i -g, claude-mem install: sessions capture and remember, across an update, and uninstall undoes it', async () => {
    const m = machine('npm');
    const prefix = join(m.base, 'prefix');
    const installed = await sh('npm', ['i', '-g', '--prefix', prefix, packed.tarball], m.env);
    expect(installed.code, installed.out).toBe(0);
    const bin = join(prefix, 'bin', 'claude-mem');
    const pkgDir = join(prefix, 'lib', 'node_modules', 'claude-mem');

    const reg = await sh(bin, ['install'], m.env);
    expect(reg.code, reg.out).toBe(0);
    const link = join(m.home, '.claude', 'skills', 'claude-mem');
    expect(realpathSync(readlinkSync(link))).toBe(realpathSync(pkgDir));

    const upd = await sh(bin, ['update'], m.env);
    expect(upd.code, upd.out).toBe(0);
    expect(upd.out).toMatch(/\* \(in use\) npm global/);
    expect(upd.out).toContain('claude plugin marketplace update claude-mem');

    const claude = (args: string[]) => sh(CLAUDE_BIN, args, m.env);
    expect((await claude(['plugin', 'list'])).out).toMatch(/claude-mem@skills-dir[\s\S]*loaded/);
    expect((await claude(['mcp', 'list'])).out).toMatch(/plugin:claude-mem:claude-mem.*Connected/);

    await captureThenRemember(m, 'packaged-ok', async () => {
      // A new release, installed the way the docs say: the registered folder stays valid.
      registry.publish(
        registryEntry(repackWithVersion(packed.tarball, '0.1.1', join(tmp, 'packs')), {
          ...packed.manifest,
          version: '0.1.1',
        }),
      );
      const updated = await sh('npm', ['i', '-g', '--prefix', prefix, 'claude-mem@latest'], m.env);
      expect(updated.code, updated.out).toBe(0);
      expect((await sh(bin, ['--version'], m.env)).out).toContain('0.1.');
    });

    const un = await sh(bin, ['uninstall'], m.env);
    expect(un.code, un.out).toBe(0);
    expect(existsSync(link)).toBe(false);
    expect((await claude(['plugin', 'list'])).out).not.toContain('claude-mem@skills-dir');
  }, 240_000);

  it('claude plugin install from our marketplace.json installs the npm release, hooks and MCP server included', async () => {
    const m = machine('marketplace');
    // The repository's marketplace.json, unchanged, in a folder of its own (a local marketplace).
    const market = join(m.base, 'market');
    mkdirSync(join(market, '.claude-plugin'), { recursive: true });
    cpSync(
      join(ROOT, '.claude-plugin', 'marketplace.json'),
      join(market, '.claude-plugin', 'marketplace.json'),
    );
    const claude = (args: string[]) => sh(CLAUDE_BIN, args, m.env);

    const added = await claude(['plugin', 'marketplace', 'add', market]);
    expect(added.code, added.out).toBe(0);
    const before = registry.requests.length;
    const installed = await claude(['plugin', 'install', 'claude-mem@claude-mem']);
    expect(installed.code, installed.out).toBe(0);
    // Claude Code fetched the release from the registry npm is configured with.
    expect(registry.requests.slice(before)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^GET \/claude-mem\/-\/claude-mem-[\d.]+\.tgz$/),
      ]),
    );
    expect((await claude(['plugin', 'list'])).out).toMatch(/claude-mem@claude-mem[\s\S]*enabled/);
    expect((await claude(['plugin', 'details', 'claude-mem@claude-mem'])).out).toMatch(
      /Hooks \(6\)/,
    );
    expect((await claude(['mcp', 'list'])).out).toContain('plugin:claude-mem:claude-mem');

    // Claude Code copies only the package's own folder, so the plugin has no better-sqlite3: it
    // captures where Node has node:sqlite (22.16+; CI's second run is on Node 24, and puts that
    // Node first on PATH for the hooks too). On Node 20 the docs say to use npm i -g instead.
    if (sqliteDriver() !== 'node:sqlite') return;
    await captureThenRemember(m, 'marketplace-ok');
  }, 240_000);
});
