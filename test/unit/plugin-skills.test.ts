// The skills shipped in the plugin folder stay true to the tools they teach: every tool call in a
// SKILL.md names one of our MCP tools and only parameters that tool declares, the front matter is
// what Claude Code reads (name = folder, a description), and packaging keeps the folder.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLUGIN_SKILLS } from '../../src/cli/plugin-folder';
import { createMemoryLogger } from '../../src/log';
import { createMcpServer } from '../../src/mcp';
import { openStore, searchSandbox } from '../helpers/search-seed';

const ROOT = resolve(__dirname, '../..');
const box = searchSandbox();
const params = new Map<string, Set<string>>();

beforeAll(async () => {
  const db = openStore(box.dbPath);
  const server = createMcpServer({
    db,
    cwd: box.projectDir,
    now: () => new Date(),
    logger: createMemoryLogger(),
    recency: true,
    redactSecrets: true,
    excludedProjects: [],
    version: 'test',
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const client = new Client({ name: 't', version: '1' });
  await client.connect(b);
  for (const t of (await client.listTools()).tools) params.set(t.name, new Set(Object.keys(t.inputSchema.properties ?? {})));
  await client.close();
  db.close();
});

afterAll(() => rmSync(dirname(box.dataDir), { recursive: true, force: true }));

const read = (skill: string) => readFileSync(join(ROOT, 'skills', skill, 'SKILL.md'), 'utf8');

describe('plugin skills', () => {
  it('ships exactly the skills install checks for', () => {
    expect(readdirSync(join(ROOT, 'skills')).sort()).toEqual([...PLUGIN_SKILLS].sort());
  });

  it.each([...PLUGIN_SKILLS])('%s: front matter Claude Code reads', (skill) => {
    const m = /^---\n([\s\S]*?)\n---\n/.exec(read(skill));
    expect(m, 'front matter').not.toBeNull();
    const fields = Object.fromEntries(
      (m?.[1] ?? '').split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
    );
    expect(fields.name).toBe(skill);
    expect(fields.description?.length).toBeGreaterThan(50);
    expect(fields.description?.length).toBeLessThanOrEqual(1024);
  });

  it.each([...PLUGIN_SKILLS])('%s: every tool call uses our tool names and declared parameters', (skill) => {
    const calls = [...read(skill).matchAll(/\b(search|timeline|get_observations|save_memory)\(([^)]*)\)/g)];
    expect(calls.length).toBeGreaterThan(2);
    for (const [call, tool, args] of calls) {
      const declared = params.get(tool as string);
      expect(declared, call).toBeDefined();
      for (const [, name] of (args ?? '').matchAll(/(\w+)=/g)) expect(declared?.has(name as string), `${call}: ${name}`).toBe(true);
    }
  });

  it('packaging keeps skills/ (npm files, when the package lists them)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files?: string[] };
    if (pkg.files) expect(pkg.files.some((f) => f.replace(/\/$/, '') === 'skills' || f.startsWith('skills/'))).toBe(true);
    const ignored = readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n');
    expect(ignored.some((l) => l.trim().replace(/^\//, '').startsWith('skills'))).toBe(false);
  });
});
