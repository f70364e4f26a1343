// `claude-mem import --from-claude-mem` against a real data dir of the original claude-mem
// 13.15.3 (test/fixtures/claude-mem-13.15.3-datadir, a copy of the shared fixture with its manifest):
// counts, markers, secrets, the original left byte-identical, SIGKILL halfway, bad input.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, openStore, type Db } from '../../src/store';
import { searchMemory } from '../../src/search';
import { runCli } from '../helpers/search-cli';

// Each test spawns the real CLI several times; the machine running the suite may be busy.
const SLOW = 180_000;
const FIX = resolve(__dirname, '../fixtures/claude-mem-13.15.3-datadir');
const CLI = resolve(__dirname, '../../dist/bin/cli.js');

interface Marker {
  marker: string;
  observation_id: number;
  project: string;
  merged_into_project: string | null;
  type: string;
  deleted: boolean;
  present_in_db: boolean;
}
interface Manifest {
  counts: Record<string, number>;
  observation_types: Record<string, number>;
  sessions: Array<{ id: number; project: string; observations: number; summaries: number; prompts: number }>;
  markers: Marker[];
  secret_locations: Array<{ value: string }>;
  private_tag_rows: Array<{ text: string }>;
  private_text_stripped_by_original_never_stored: string[];
}
const manifest = JSON.parse(readFileSync(join(FIX, 'manifest.json'), 'utf8')) as Manifest;
const live = manifest.markers.filter((m) => !m.deleted && m.present_in_db);
const projectOf = (m: Marker) => m.merged_into_project ?? m.project;

interface Report {
  source: string;
  tables: Record<'session' | 'prompt' | 'observation' | 'summary', { inSource: number; imported: number; partial: number; skipped: number; already: number }>;
  projects: Record<string, Record<'session' | 'prompt' | 'observation' | 'summary', number>>;
  partial: Array<{ kind: string; reason: string; count: number; ids: number[] }>;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cm-import-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A private, writable copy of the original's database in its own folder (the fixture is never opened). */
function copyOriginal(name: string): string {
  const dir = join(tmp, name, 'original');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'claude-mem.db');
  copyFileSync(join(FIX, 'claude-mem.db'), path);
  chmodSync(path, 0o600);
  return path;
}

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const dataDirOf = (name: string) => join(tmp, name, 'data');
const cli = (name: string, args: string[], env: Record<string, string> = {}) =>
  runCli(args, { cwd: join(tmp, name), dataDir: dataDirOf(name), env: { CLAUDE_MEM_PROVIDER: 'offline', ...env } });

function importJson(name: string, path: string): Report {
  const r = cli(name, ['import', '--from-claude-mem', path, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

function expectedPerProject(): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const s of manifest.sessions) {
    const p = (out[s.project] ??= { session: 0, prompt: 0, observation: 0, summary: 0 });
    p.session = (p.session ?? 0) + 1;
    p.prompt = (p.prompt ?? 0) + s.prompts;
    p.summary = (p.summary ?? 0) + s.summaries;
  }
  for (const m of live) {
    const p = (out[projectOf(m)] ??= { session: 0, prompt: 0, observation: 0, summary: 0 });
    p.observation = (p.observation ?? 0) + 1;
  }
  return out;
}

function withDb<T>(dataDir: string, fn: (db: Db) => T): T {
  const db = openStore(join(dataDir, 'memory.db'), { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

async function withDbAsync(dataDir: string, fn: (db: Db) => Promise<void>): Promise<void> {
  const db = openStore(join(dataDir, 'memory.db'), { readonly: true });
  try {
    await fn(db);
  } finally {
    db.close();
  }
}

const count = (db: Db, sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;

describe('import --from-claude-mem', () => {
  it('imports twice: counts equal the manifest, every marker is found once, no secret lands, the original is untouched', async () => {
    const orig = copyOriginal('twice');
    const before = sha(orig);
    const siblings = readdirSync(join(orig, '..')).sort();

    const first = importJson('twice', orig);
    const c = manifest.counts;
    expect(first.tables.session).toEqual({ inSource: c.sdk_sessions, imported: c.sdk_sessions, partial: 0, skipped: 0, already: 0 });
    expect(first.tables.prompt).toEqual({ inSource: c.user_prompts, imported: c.user_prompts, partial: 0, skipped: 0, already: 0 });
    expect(first.tables.observation).toEqual({ inSource: c.observations, imported: live.length, partial: 0, skipped: 0, already: 0 });
    expect(first.tables.summary).toEqual({ inSource: c.session_summaries, imported: c.session_summaries, partial: 0, skipped: 0, already: 0 });
    expect(first.projects).toEqual(expectedPerProject());

    const second = importJson('twice', orig);
    for (const t of Object.values(second.tables)) expect(t).toMatchObject({ imported: 0, partial: 0, already: t.inSource });
    expect(second.projects).toEqual({});

    const dataDir = dataDirOf('twice');
    await withDbAsync(dataDir, async (db) => {
      expect(count(db, 'SELECT COUNT(*) AS n FROM observations')).toBe(live.length);
      expect(count(db, 'SELECT COUNT(*) AS n FROM summaries')).toBe(c.session_summaries);
      expect(count(db, 'SELECT COUNT(*) AS n FROM prompts')).toBe(c.user_prompts);
      const byType = db.prepare('SELECT type, COUNT(*) AS n FROM observations GROUP BY type').all() as Array<{ type: string; n: number }>;
      expect(Object.fromEntries(byType.map((r) => [r.type, r.n]))).toEqual(manifest.observation_types);
      for (const m of manifest.markers) {
        const rows = db
          .prepare("SELECT o.id, o.uid, p.name FROM observations o JOIN projects p ON p.id = o.project_id WHERE o.title || o.narrative || o.facts LIKE ?")
          .all(`%${m.marker}%`) as Array<{ id: number; uid: string; name: string }>;
        if (m.deleted || !m.present_in_db) {
          expect(rows, m.marker).toEqual([]);
          continue;
        }
        expect(rows, m.marker).toHaveLength(1);
        expect(rows[0]?.uid).toBe(`${first.source}:observation:${m.observation_id}`);
        expect(rows[0]?.name).toBe(projectOf(m));
        const hits = (await searchMemory(db, { query: m.marker, limit: 20, offset: 0 })).hits;
        expect(hits.filter((h) => h.uid === rows[0]?.uid), m.marker).toHaveLength(1);
        expect(hits[0]?.uid, m.marker).toBe(rows[0]?.uid);
      }
    });
    // The real CLI, for a few markers (each run loads the whole search stack).
    for (const m of [live[0], live.find((x) => x.marker === 'MARKA075'), live[live.length - 1]]) {
      const r = cli('twice', ['search', m?.marker ?? '', '--all', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const hits = (JSON.parse(r.stdout) as { hits: Array<{ uid: string }> }).hits;
      expect(hits.filter((h) => h.uid === `${first.source}:observation:${m?.observation_id}`)).toHaveLength(1);
    }

    const secrets = [
      ...manifest.secret_locations.map((s) => s.value),
      ...manifest.private_text_stripped_by_original_never_stored,
      ...manifest.private_tag_rows.flatMap((r) => [...r.text.matchAll(/<private>([\s\S]*?)<\/private>/g)].map((x) => x[1] as string)),
    ];
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const exported = cli('twice', ['export']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('MARKA075');
    const files = readdirSync(dataDir).filter((f) => f.startsWith('memory.db'));
    expect(files).toContain('memory.db');
    const stored = files.map((f) => readFileSync(join(dataDir, f)).toString('latin1')).join('\n');
    for (const s of secrets) {
      expect(stored.includes(s), `${s} in the database`).toBe(false);
      expect(exported.stdout.includes(s), `${s} in the export`).toBe(false);
    }

    expect(sha(orig)).toBe(before);
    expect(readdirSync(join(orig, '..')).sort()).toEqual(siblings);

    const stats = cli('twice', ['stats', '--json']);
    expect((JSON.parse(stats.stdout) as { imported: Record<string, number> }).imported).toEqual({ [first.source]: live.length });
  }, SLOW);

  it('--dry-run writes nothing; a forgotten record is not brought back by a re-import', () => {
    const orig = copyOriginal('forget');
    const dataDir = dataDirOf('forget');
    const dry = cli('forget', ['import', '--from-claude-mem', orig, '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect((JSON.parse(dry.stdout) as Report).tables.observation.imported).toBe(live.length);
    expect(existsSync(join(dataDir, 'memory.db'))).toBe(false);

    const first = importJson('forget', orig);
    const target = live.find((m) => m.marker === 'MARKA010') as Marker;
    const id = withDb(dataDir, (db) =>
      count(db, 'SELECT id AS n FROM observations WHERE uid = ?', `${first.source}:observation:${target.observation_id}`),
    );
    expect(cli('forget', ['forget', String(id), '--yes']).code).toBe(0);
    expect(cli('forget', ['forget', '--project', 'api-server', '--yes']).code).toBe(0);

    const dryAfter = JSON.parse(cli('forget', ['import', '--from-claude-mem', orig, '--dry-run', '--json']).stdout) as Report;
    expect(dryAfter.tables.observation).toMatchObject({ imported: 0, already: live.length });
    const again = importJson('forget', orig);
    expect(again.tables.observation).toMatchObject({ imported: 0, already: live.length });
    withDb(dataDir, (db) => {
      const webapp = live.filter((m) => projectOf(m) === 'webapp').length;
      expect(count(db, 'SELECT COUNT(*) AS n FROM observations')).toBe(webapp - 1);
      expect(count(db, "SELECT COUNT(*) AS n FROM observations WHERE narrative LIKE '%MARKA010%'")).toBe(0);
    });
  }, SLOW);

  it('resumes after a SIGKILL halfway and ends with the same counts', async () => {
    const orig = copyOriginal('killed');
    const dataDir = dataDirOf('killed');
    // Batches of 10: 1 of sessions, 3 of prompts, then observations; stall inside batch 9 (observations 41-50).
    const child = spawn(process.execPath, [CLI, 'import', '--from-claude-mem', orig, '--batch-size', '10'], {
      cwd: tmp,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: tmp,
        CLAUDE_MEM_DATA_DIR: dataDir,
        CLAUDE_MEM_WORKER_PORT: '0',
        CLAUDE_MEM_TEST_IMPORT_STALL_AFTER: '8',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
    await new Promise<void>((res, rej) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('stalled')) res();
      });
      child.on('exit', () => rej(new Error(`import exited before stalling: ${stderr}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    withDb(dataDir, (db) => {
      expect(count(db, 'SELECT COUNT(*) AS n FROM observations')).toBe(40);
      expect(count(db, "SELECT COUNT(*) AS n FROM import_ledger WHERE kind = 'observation'")).toBe(40);
      expect(count(db, 'SELECT COUNT(*) AS n FROM prompts')).toBe(manifest.counts.user_prompts);
    });

    const resumed = importJson('killed', orig);
    expect(resumed.tables.observation).toMatchObject({ imported: live.length - 40, already: 40 });
    expect(resumed.tables.summary).toMatchObject({ imported: manifest.counts.session_summaries as number, already: 0 });
    withDb(dataDir, (db) => {
      expect(count(db, 'SELECT COUNT(*) AS n FROM observations')).toBe(live.length);
      expect(count(db, 'SELECT COUNT(DISTINCT uid) AS n FROM observations')).toBe(live.length);
      expect(count(db, 'SELECT COUNT(*) AS n FROM summaries')).toBe(manifest.counts.session_summaries);
      expect(count(db, 'SELECT COUNT(*) AS n FROM prompts')).toBe(manifest.counts.user_prompts);
      expect(count(db, "SELECT COUNT(*) AS n FROM sessions WHERE host = 'claude-mem-import'")).toBe(manifest.counts.sdk_sessions);
    });
  }, SLOW);

  it('imports rows with NULL or malformed JSON fields with what is usable, counted as partial', () => {
    const orig = copyOriginal('partial');
    const db = openDatabase(orig);
    db.prepare("UPDATE observations SET facts = 'not json at all' WHERE id = 1").run();
    db.prepare('UPDATE observations SET concepts = NULL, title = NULL WHERE id = 2').run();
    db.prepare("UPDATE observations SET type = 'weird', files_read = '{\"a\":1}' WHERE id = 3").run();
    db.prepare('UPDATE session_summaries SET learned = NULL WHERE id = 1').run();
    // A worktree's project in the original: `<repo>/<worktree folder>`; ours joins the repo's project.
    db.prepare("UPDATE observations SET project = 'webapp/fix-rounding', merged_into_project = NULL WHERE id = 4").run();
    // Deleted in the original: not brought in.
    db.prepare('DELETE FROM observations WHERE id = 5').run();
    db.pragma('journal_mode = DELETE');
    db.close();

    const report = importJson('partial', orig);
    expect(report.tables.observation).toMatchObject({ inSource: live.length - 1, imported: live.length - 4, partial: 3, skipped: 0 });
    expect(report.tables.summary).toMatchObject({ imported: (manifest.counts.session_summaries as number) - 1, partial: 1 });
    expect(report.partial.map((p) => p.reason)).toEqual(
      expect.arrayContaining(['facts is not JSON', 'title missing', 'concepts missing', 'type "weird" stored as change', 'files_read is not a JSON list', 'learned missing']),
    );
    withDb(dataDirOf('partial'), (store) => {
      const row = (id: number) =>
        store.prepare('SELECT type, title, facts, concepts, narrative FROM observations WHERE uid = ?').get(`${report.source}:observation:${id}`) as {
          type: string;
          title: string;
          facts: string;
          concepts: string;
          narrative: string;
        };
      expect(JSON.parse(row(1).facts)).toEqual(['not json at all']);
      expect(row(1).narrative).toContain('MARKA001');
      expect(row(2).title.length).toBeGreaterThan(0);
      expect(row(2).concepts).toBe('[]');
      expect(row(3).type).toBe('change');
      const four = store
        .prepare('SELECT p.name, o.files_read FROM observations o JOIN projects p ON p.id = o.project_id WHERE o.uid = ?')
        .get(`${report.source}:observation:4`) as { name: string; files_read: string };
      expect(four.name).toBe('webapp');
      expect(store.prepare("SELECT COUNT(*) AS n FROM observations WHERE narrative LIKE '%MARKA005%'").get()).toEqual({ n: 0 });
      for (const f of JSON.parse(four.files_read) as string[]) expect(f.startsWith('/')).toBe(false);
    });
  }, SLOW);

  describe('bad input: a clear message naming the file, and nothing written', () => {
    const expectRefused = (name: string, path: string, words: RegExp) => {
      const r = cli(name, ['import', '--from-claude-mem', path]);
      expect(r.code, r.stdout).not.toBe(0);
      expect(r.stderr).toContain(path);
      expect(r.stderr).toMatch(words);
      expect(r.stderr).toContain('fix:');
      expect(existsSync(join(dataDirOf(name), 'memory.db'))).toBe(false);
    };

    it('a missing file', () => {
      mkdirSync(join(tmp, 'missing'), { recursive: true });
      expectRefused('missing', join(tmp, 'missing', 'claude-mem.db'), /No original claude-mem database/);
    });

    it('the default path when there is no original in the data dir', () => {
      mkdirSync(join(tmp, 'nodefault'), { recursive: true });
      const r = cli('nodefault', ['import', '--from-claude-mem']);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(join(dataDirOf('nodefault'), 'claude-mem.db'));
    });

    it('a file that is not SQLite', () => {
      const path = join(tmp, 'text', 'claude-mem.db');
      mkdirSync(join(tmp, 'text'), { recursive: true });
      writeFileSync(path, 'this is not a database\n'.repeat(100));
      expectRefused('text', path, /not an SQLite database/);
    });

    it('an SQLite file with another schema (our own memory.db)', () => {
      const path = join(tmp, 'ours', 'memory-copy.db');
      mkdirSync(join(tmp, 'ours'), { recursive: true });
      openStore(path).close();
      expectRefused('ours', path, /not the original claude-mem's database/);
    });

    it('a newer schema version than this importer knows', () => {
      const path = copyOriginal('newer');
      const db = openDatabase(path);
      db.prepare("INSERT INTO schema_versions (version, applied_at) VALUES (60, '2027-01-01T00:00:00.000Z')").run();
      db.pragma('journal_mode = DELETE');
      db.close();
      expectRefused('newer', path, /newer original claude-mem \(schema version 60/);
    });

    it('a corrupt file', () => {
      const path = copyOriginal('corrupt');
      const fd = openSync(path, 'r+');
      writeSync(fd, Buffer.alloc(4096 * 40, 0xab), 0, 4096 * 40, 4096 * 2);
      closeSync(fd);
      expectRefused('corrupt', path, /cannot be read as the original claude-mem's database/);
    });

    it('a file being written by a running original worker', () => {
      const path = copyOriginal('locked');
      const writer = openDatabase(path);
      try {
        writer.pragma('journal_mode = WAL');
        writer.pragma('wal_autocheckpoint = 0');
        writer.prepare("UPDATE sdk_sessions SET status = 'active' WHERE id = 10").run();
        expect(readFileSync(`${path}-wal`).length).toBeGreaterThan(0);
        expectRefused('locked', path, /in use/);
      } finally {
        writer.close();
      }
    });
  });
});
