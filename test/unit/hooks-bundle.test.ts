import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOOK } from '../helpers/hook-run';

// The hook runs on every tool call: Node start-up plus a few tens of ms. Measured at about 56 KB
// (about 15 KB of it the redaction rules and the secret scanner, 6 KB the bad-day spool and cutter);
// zod alone would add 450 KB and double the start-up time.
const MAX_KB = 96;

describe('the hook bundle (dist/bin/hook.js)', () => {
  it('exists (npm test builds first)', () => {
    expect(existsSync(HOOK)).toBe(true);
  });

  it(`stays under ${MAX_KB} KB`, () => {
    expect(statSync(HOOK).size / 1024).toBeLessThan(MAX_KB);
  });

  it('contains no worker, agent, MCP, viewer or CLI code, and no zod', () => {
    const text = readFileSync(HOOK, 'utf8');
    const markers = [
      'hono',
      'Starting SDK query',
      '@modelcontextprotocol',
      '@anthropic-ai/sdk',
      'chat/completions',
      'ZodError',
      'Worker started',
      'claude-mem: persistent memory for AI coding agents',
    ];
    expect(markers.filter((m) => text.toLowerCase().includes(m.toLowerCase()))).toEqual([]);
  });

  it('loads the SQLite driver lazily, so a native module that cannot load is caught and logged', () => {
    const text = readFileSync(HOOK, 'utf8');
    expect(text).not.toMatch(/from\s*["'](better-sqlite3|node:sqlite)["']/);
    expect(text).toMatch(/\w\(import\.meta\.url\)/);
    expect(text).toMatch(/\w\(["']better-sqlite3["']\)/);
    expect(text).toMatch(/getBuiltinModule\?\.\(["']node:sqlite["']\)/);
  });
});
