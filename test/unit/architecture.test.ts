// The import directions of docs/ARCHITECTURE.md, enforced: a forbidden edge or a cycle between
// parts fails here, so the rule cannot decay into a comment.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');

/** part → parts it may import (besides itself). */
export const ALLOWED: Record<string, string[]> = {
  contracts: [],
  log: [],
  config: ['contracts', 'log'],
  privacy: ['contracts', 'log'],
  store: ['contracts', 'log'],
  search: ['contracts', 'config', 'store', 'log'],
  context: ['contracts', 'config', 'store', 'search', 'log'],
  agent: ['contracts', 'config', 'privacy', 'log'],
  hooks: ['contracts', 'config', 'privacy', 'store', 'context', 'log'],
  worker: ['contracts', 'config', 'privacy', 'store', 'search', 'context', 'agent', 'sync', 'log'],
  mcp: ['contracts', 'config', 'privacy', 'store', 'search', 'context', 'log'],
  cli: ['contracts', 'config', 'privacy', 'store', 'search', 'context', 'agent', 'worker', 'hooks', 'server', 'sync', 'log'],
  viewer: ['contracts'],
  server: ['contracts', 'config', 'log'],
  sync: ['contracts', 'config', 'store', 'log'],
  bin: ['contracts', 'config', 'privacy', 'store', 'search', 'context', 'agent', 'worker', 'hooks', 'mcp', 'cli', 'server', 'sync', 'log'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function edges(): Array<{ from: string; to: string; file: string; spec: string }> {
  const out: Array<{ from: string; to: string; file: string; spec: string }> = [];
  for (const file of files(SRC)) {
    const from = relative(SRC, file).split('/')[0] as string;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = (m[1] ?? m[2]) as string;
      if (!spec.startsWith('.')) continue;
      const target = relative(SRC, resolve(dirname(file), spec)).split('/')[0] as string;
      if (target !== from) out.push({ from, to: target, file: relative(SRC, file), spec });
    }
  }
  return out;
}

describe('architecture', () => {
  it('every part imports only the parts it is allowed to', () => {
    const bad = edges().filter((e) => !(ALLOWED[e.from] ?? []).includes(e.to));
    expect(bad.map((e) => `${e.file} imports ${e.spec} (${e.from} → ${e.to})`)).toEqual([]);
  });

  it('parts import each other through their index, not their files', () => {
    const deep = edges().filter((e) => {
      const rest = e.spec.replace(/^(\.\.\/)+/, '').split('/');
      return rest.length > 1 && rest[0] === e.to;
    });
    expect(deep.map((e) => `${e.file} imports ${e.spec}`)).toEqual([]);
  });

  it('the parts form no cycle', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of edges()) graph.set(e.from, (graph.get(e.from) ?? new Set()).add(e.to));
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (path.includes(node)) return void cycles.push([...path, node].join(' → '));
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it('only src/store imports a SQLite driver (better-sqlite3, node:sqlite)', () => {
    const offenders = files(SRC).filter(
      (f) =>
        !relative(SRC, f).startsWith('store/') &&
        /from\s+['"](better-sqlite3|node:sqlite)['"]|['"](node:)?sqlite['"]\)/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('only src/server imports the PostgreSQL driver (pg)', () => {
    const offenders = files(SRC).filter(
      (f) => !relative(SRC, f).startsWith('server/') && /from\s+['"]pg(\/[^'"]*)?['"]|import\(\s*['"]pg['"]\s*\)/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('only src/config (and the composition roots in src/bin) reads the environment', () => {
    const offenders = files(SRC).flatMap((f) => {
      const rel = relative(SRC, f);
      if (rel.startsWith('config/') || rel.startsWith('bin/')) return [];
      return withoutComments(readFileSync(f, 'utf8'))
        .split('\n')
        .flatMap((line, i) => (ENV_READS.some((r) => r.test(line)) ? [`${rel}:${i + 1}: ${line.trim()}`] : []));
    });
    expect(offenders).toEqual([]);
  });

  it('the environment rule catches every way of reading a variable', () => {
    const caught = (line: string) => ENV_READS.some((r) => r.test(line));
    for (const read of [
      'const key = process.env.ANTHROPIC_API_KEY;',
      "const key = process['env'].ANTHROPIC_API_KEY;",
      'const { env } = process;',
      'const { env: e, argv } = globalThis.process;',
      "import { env } from 'node:process';",
      'if (ctx.env[key] !== undefined) warn();',
      'for (const dir of (cfg.env.PATH ?? "").split(":")) {}',
      'const dir = env.CLAUDE_CONFIG_DIR?.trim();',
    ])
      expect(caught(read), read).toBe(true);
    // Handing the environment on as a whole is how config gets it; a file named .env is no read.
    for (const fine of ['loadConfig({ env: ctx.env, home });', 'spawnWorker({ script, paths, env });', "hint: 'Set it in ~/.claude-mem/.env.'"])
      expect(caught(fine), fine).toBe(false);
  });
});

/** Reading the environment: process.env in any spelling, or a variable looked up by name in an env map (`env.X`, `env[k]`). */
const ENV_READS = [
  /process\s*(\.\s*env\b|\[\s*['"`]env)/,
  /\{[^}]*\benv\b[^}]*\}\s*=\s*(globalThis\.)?process\b/,
  /import\s*\{[^}]*\benv\b[^}]*\}\s*from\s*['"](node:)?process['"]/,
  /\benv(\.[A-Za-z_]\w*|\s*\[)/,
];

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, '')).replace(/(^|[^:\\])\/\/.*$/gm, '$1');
}
