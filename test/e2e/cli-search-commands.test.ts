// search, show, timeline, stats and forget through the real CLI binary against a temp data dir.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertVector } from '../../src/store';
import { runCli } from '../helpers/search-cli';
import { draft, openStore, searchSandbox, seed, seedSummary } from '../helpers/search-seed';

const box = searchSandbox();
const other = join(dirname(box.projectDir), 'proj-beta');
let ids: number[] = [];
let otherIds: number[] = [];
const cli = (args: string[], input?: string) => runCli(args, { cwd: box.projectDir, dataDir: box.dataDir, ...(input ? { input } : {}) });

beforeAll(() => {
  const db = openStore(box.dbPath);
  ids = seed(db, box.projectDir, [
    draft({ type: 'bugfix', title: 'Hook timeout raised to 60 seconds', narrative: 'PostToolUse timed out on large outputs.', filesModified: ['src/hooks/post-tool-use.ts'] }),
    draft({ type: 'decision', title: 'Queue uses SQLite WAL', narrative: 'Readers never block the worker.' }),
    draft({ type: 'feature', title: 'Dark mode toggle in the viewer', narrative: 'Stored in localStorage.' }),
  ]);
  seedSummary(db, box.projectDir, 'Raise the hook timeout', '2025-03-01T10:00:30.000Z');
  otherIds = seed(db, other, [draft({ title: 'Hook timeout elsewhere' })]);
  upsertVector(db, { observationId: ids[0] as number, model: 'test:m', vector: new Float32Array([1, 0, 0]), now: 'x' });
  db.close();
});

afterAll(() => rmSync(dirname(box.dataDir), { recursive: true, force: true }));

describe('claude-mem search', () => {
  it('finds by a natural question in the current project, compact lines on stdout', () => {
    const r = cli(['search', 'why', 'did', 'the', 'hook', 'time', 'out?']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^#${ids[0]} 2025-03-01 bugfix: Hook timeout raised`));
    expect(r.stdout).not.toContain('elsewhere');
    expect(r.stdout).toMatch(/Matching turn summaries.*timeline --date[^\n]*\nS\d+ 2025-03-01 turn: Raise the hook timeout/);
  });

  it('--all, --project, --type, --file and --json apply', () => {
    expect(cli(['search', 'hook', 'timeout', '--all']).stdout).toContain('elsewhere');
    expect(cli(['search', 'hook', '--project', 'proj-beta']).stdout).toContain(`#${otherIds[0]}`);
    const typed = cli(['search', '--type', 'decision']);
    expect(typed.stdout.trim().split('\n')).toHaveLength(1);
    expect(typed.stdout).toContain('WAL');
    expect(cli(['search', '--file', 'hooks/*.ts']).stdout).toContain(`#${ids[0]}`);
    const json = JSON.parse(cli(['search', 'dark mode', '--json']).stdout) as { mode: string; hits: Array<{ id: number }>; summaries: unknown[] };
    expect(json.mode).toBe('keyword');
    expect(json.hits[0]?.id).toBe(ids[2]);
    expect(json.summaries).toEqual([]);
    const withTurn = JSON.parse(cli(['search', 'raise', 'hook', 'timeout', '--json']).stdout) as { summaries: Array<{ kind: string; title: string }> };
    expect(withTurn.summaries).toEqual([expect.objectContaining({ kind: 'summary', title: 'Raise the hook timeout' })]);
  });

  it('bad filters are errors with a fix, never ignored', () => {
    const r = cli(['search', 'x', '--since', 'someday']);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/not a date/);
    expect(cli(['search', 'x', '--type', 'bogus']).code).toBe(64);
    expect(cli(['search', 'x', '--project', 'nope']).code).toBe(66);
  });
});

describe('claude-mem show / timeline / stats', () => {
  it('show prints full records, and flags unknown ids', () => {
    const r = cli(['show', String(ids[0])]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PostToolUse timed out');
    expect(r.stdout).toContain('modified: src/hooks/post-tool-use.ts');
    expect(cli(['show', '999999']).code).toBe(66);
  });

  it('timeline --around interleaves observations and the turn summary in order', () => {
    const r = cli(['timeline', '--around', String(ids[1])]);
    expect(r.code).toBe(0);
    const heads = r.stdout.trim().split('\n').map((l) => l.replace(/^▶ /, '').split(' ')[0]);
    expect(heads).toEqual([`#${ids[0]}`, expect.stringMatching(/^S\d+$/), `#${ids[1]}`, `#${ids[2]}`]);
  });

  it('stats counts per project, type and origin', () => {
    const s = JSON.parse(cli(['stats', '--json']).stdout) as {
      observations: number;
      byType: Record<string, number>;
      byOrigin: Record<string, number>;
      projects: Array<{ name: string; observations: number }>;
      queue: Record<string, number>;
      dbBytes: number;
    };
    expect(s.observations).toBe(4);
    expect(s.byType).toMatchObject({ bugfix: 1, decision: 1, feature: 1, discovery: 1 });
    expect(s.byOrigin).toEqual({ model: 4 });
    expect(s.projects.find((p) => p.name === 'proj-alpha')?.observations).toBe(3);
    expect(s.queue).toMatchObject({ queued: 0, failed: 0 });
    expect(s.dbBytes).toBeGreaterThan(0);
  });
});

describe('claude-mem forget', () => {
  it('refuses without --yes when not on a terminal, deleting nothing', () => {
    const r = cli(['forget', String(ids[0])]);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/--yes/);
    expect(cli(['show', String(ids[0])]).code).toBe(0);
  });

  it('deletes the row, its full-text entry and its vector', () => {
    const r = cli(['forget', String(ids[0]), '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Deleted 1 observation');
    const db = openStore(box.dbPath, { readonly: true });
    const fts = db.prepare('SELECT COUNT(*) AS n FROM observations_fts WHERE rowid = ?').get(ids[0]) as { n: number };
    const vec = db.prepare('SELECT COUNT(*) AS n FROM observation_vectors WHERE observation_id = ?').get(ids[0]) as { n: number };
    db.close();
    expect(fts.n).toBe(0);
    expect(vec.n).toBe(0);
    expect(cli(['search', 'hook', 'timeout']).stdout).not.toContain(`#${ids[0]} `);
  });

  it('--project removes a whole project, including its index entries', () => {
    const r = cli(['forget', '--project', 'proj-beta', '--yes']);
    expect(r.code).toBe(0);
    const db = openStore(box.dbPath, { readonly: true });
    const fts = db.prepare('SELECT COUNT(*) AS n FROM observations_fts WHERE rowid = ?').get(otherIds[0]) as { n: number };
    db.close();
    expect(fts.n).toBe(0);
    expect(cli(['search', 'elsewhere', '--all']).stdout).toBe('');
  });
});
