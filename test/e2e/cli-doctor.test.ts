// `claude-mem doctor` from the built CLI: every check reports, a bad settings file fails with the
// fix, and a missing related-words lexicon is a warning that says how to build it.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteDriver } from '../../src/store';
import { runProcessSync } from '../helpers/run-process';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/bin/cli.js');

interface Finding {
  level: 'ok' | 'warn' | 'fail';
  check: string;
  detail: string;
}

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'cm-doctor-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function doctor(cli = CLI, extraEnv: Record<string, string> = {}): { code: number | null; findings: Finding[]; stderr: string } {
  const r = runProcessSync(process.execPath, [cli, 'doctor', '--json'], {
    cwd: home,
    timeoutMs: 20_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CLAUDE_MEM_DATA_DIR: join(home, 'data'), CLAUDE_MEM_WORKER_PORT: '0', ...extraEnv },
  });
  const parsed = r.stdout.trim() ? (JSON.parse(r.stdout) as { findings: Finding[] }) : { findings: [] };
  return { code: r.code, findings: parsed.findings, stderr: r.stderr };
}

describe('claude-mem doctor', () => {
  it('reports config, database, search and worker, and passes on a fresh install', () => {
    const r = doctor();
    expect(r.code, r.stderr).toBe(0);
    const checks = new Set(r.findings.map((f) => f.check));
    for (const c of ['config', 'database', 'search']) expect(checks).toContain(c);
    expect(r.findings.find((f) => f.check === 'search')).toMatchObject({ level: 'ok' });
    // The same Node runs the CLI: node:sqlite where it has it, else better-sqlite3.
    const driver = sqliteDriver();
    expect(r.findings).toContainEqual({ level: 'ok', check: 'database', detail: `SQLite driver: ${driver} (Node ${process.version})` });
  });

  it('a broken settings.json fails and names the file', () => {
    mkdirSync(join(home, 'data'), { recursive: true, mode: 0o700 });
    writeFileSync(join(home, 'data', 'settings.json'), '{ not json', { mode: 0o600 });
    const r = doctor();
    expect(r.code).toBe(1);
    const config = r.findings.find((f) => f.check === 'config');
    expect(config?.level).toBe('fail');
    expect(config?.detail).toContain('settings.json');
  });

  it('without the lexicon beside the bundle, search is a warning that says to build', () => {
    // The same bundle in a folder with no lexicon.db next to it (better-sqlite3 still resolves).
    const bin = join(home, 'copy', 'bin');
    mkdirSync(bin, { recursive: true });
    // The CLI bundle is cli.js plus the chunks it loads per command (scripts/build.mjs).
    for (const f of readdirSync(dirname(CLI))) {
      if (f === 'cli.js' || f.startsWith('cli-chunk-')) copyFileSync(join(dirname(CLI), f), join(bin, f));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(home, 'copy', 'node_modules'));
    const r = doctor(join(bin, 'cli.js'));
    expect(r.code, r.stderr).toBe(0);
    const search = r.findings.find((f) => f.check === 'search');
    expect(search?.level).toBe('warn');
    expect(search?.detail).toMatch(/npm run build/);
  });
});
