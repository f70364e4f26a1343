// "No secret byte is stored" on the import path: every shape of the secret corpus
// (test/fixtures/secret-corpus.ts) and <private> blocks that span fields are planted into a copy of
// the original claude-mem's database — observation titles, subtitles, narratives, facts, concepts,
// files read and modified, user prompts and every summary field — and the real CLI imports it.
// Then the raw bytes of our database, its WAL, the logs, the CLI's own output, the import's temp
// folder and `claude-mem export` are searched for every secret, and the look-alikes must survive.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, openStore } from '../../src/store';
import { NEGATIVES, secretCases, type SecretCase } from '../fixtures/secret-corpus';
import { runCli } from '../helpers/search-cli';
import { filesUnder, leaksIn } from '../helpers/secret-leaks';

const FIX = resolve(__dirname, '../fixtures/claude-mem-13.15.3-datadir/claude-mem.db');
const PROJECT = 'corpus-app';
const MEM = 'corpus-memory-session';
const CONTENT = 'corpus-content-session';
const AT = '2026-11-02T10:00:00.000Z';
const EPOCH = Date.parse(AT);

let run: string;
let dataDir: string;
let importTmp: string;
let cases: SecretCase[];
let imported: { code: number; stdout: string; stderr: string };
let exported: { code: number; stdout: string; stderr: string };
/** The export's string values, JSON escapes undone (a secret with a newline or quote is found too). */
let exportText: string;

const report = (sink: string, files: Array<[string, Buffer]>): string[] => leaksIn(cases, sink, files, `import → ${sink}`);

const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];

const rand = () => Math.random().toString(36).slice(2, 12);

/** Plant the corpus, the look-alikes and <private> spans into a copy of the original's database. */
function plantOriginal(path: string, corpus: SecretCase[], spans: SecretCase[]): void {
  const db = openDatabase(path);
  db.prepare(
    `INSERT INTO sdk_sessions (content_session_id, memory_session_id, project, started_at, started_at_epoch, completed_at, completed_at_epoch, status, prompt_counter)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'completed', ?)`,
  ).run(CONTENT, MEM, PROJECT, AT, EPOCH, AT, EPOCH, corpus.length + NEGATIVES.length + spans.length);
  const sessionDbId = (db.prepare('SELECT id FROM sdk_sessions WHERE memory_session_id = ?').get(MEM) as { id: number }).id;
  const obs = db.prepare(
    `INSERT INTO observations (memory_session_id, project, text, type, title, subtitle, facts, narrative, concepts, files_read, files_modified, prompt_number, created_at, created_at_epoch)
     VALUES (@mem, @project, @text, 'discovery', @title, @subtitle, @facts, @narrative, @concepts, @filesRead, @filesModified, @n, @at, @epoch)`,
  );
  const prompt = db.prepare(
    `INSERT INTO user_prompts (session_db_id, content_session_id, prompt_number, prompt_text, created_at, created_at_epoch) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const summary = db.prepare(
    `INSERT INTO session_summaries (memory_session_id, project, request, investigated, learned, completed, next_steps, notes, prompt_number, created_at, created_at_epoch)
     VALUES (@mem, @project, @request, @investigated, @learned, @completed, @nextSteps, @notes, @n, @at, @epoch)`,
  );
  const base = { mem: MEM, project: PROJECT, at: AT, epoch: EPOCH };
  let n = 0;
  db.transaction(() => {
    // Every secret in every text field of one observation, one prompt and one summary.
    for (const c of corpus) {
      n++;
      const t = c.text;
      obs.run({
        ...base,
        n,
        text: t,
        title: `Title ${n}: ${t}`,
        subtitle: t,
        facts: JSON.stringify([`fact ${n}`, t]),
        narrative: `Narrative ${n}:\n${t}`,
        concepts: JSON.stringify(['how-it-works', t]),
        filesRead: JSON.stringify([t]),
        filesModified: JSON.stringify([`/home/alice/${PROJECT}/${t}`]),
      });
      prompt.run(sessionDbId, CONTENT, n, `Prompt ${n}: ${t}`, AT, EPOCH);
      summary.run({
        ...base,
        n,
        request: `Request ${n}: ${t}`,
        investigated: t,
        learned: `Learned ${n}: ${t}`,
        completed: t,
        nextSteps: `Next ${n}: ${t}`,
        notes: t,
      });
    }
    // Look-alikes: the same fields, to be kept unchanged.
    for (const neg of NEGATIVES) {
      n++;
      const t = neg.text;
      obs.run({
        ...base,
        n,
        text: t,
        title: `Look-alike ${n}`,
        subtitle: t,
        facts: JSON.stringify([t]),
        narrative: t,
        concepts: JSON.stringify(['gotcha']),
        filesRead: '[]',
        filesModified: '[]',
      });
      prompt.run(sessionDbId, CONTENT, n, t, AT, EPOCH);
      summary.run({ ...base, n, request: `Look-alike ${n}`, investigated: t, learned: t, completed: t, nextSteps: t, notes: t });
    }
    // <private> blocks that open in one field and close in another (observation, summary), across
    // the items of a JSON list, and inside one prompt.
    const [s0, s1, s2, s3] = spans.map((s) => s.secrets as [string, string]) as Array<[string, string]>;
    const [in0, out0] = s0 as [string, string];
    const [in1, out1] = s1 as [string, string];
    const [in2, out2] = s2 as [string, string];
    const [in3, out3] = s3 as [string, string];
    n++;
    obs.run({
      ...base,
      n,
      text: in0,
      title: `Span <private>${in0}`,
      subtitle: in0,
      facts: JSON.stringify([in0, out0]),
      narrative: `${out0}</private> visible-observation`,
      concepts: '[]',
      filesRead: JSON.stringify([`a.ts`, `<private>${in1}`, `${out1}</private>`, 'b.ts']),
      filesModified: '[]',
    });
    prompt.run(sessionDbId, CONTENT, n, `Span prompt <private>${in2}\n${out2}</private> visible-prompt`, AT, EPOCH);
    summary.run({
      ...base,
      n,
      request: `Span <private>${in3}`,
      investigated: in3,
      learned: `${out3}</private> visible-summary`,
      completed: 'done',
      nextSteps: 'none',
      notes: null,
    });
  }).immediate();
  // The importer refuses a database with a live WAL (the original's worker running).
  db.pragma('journal_mode = DELETE');
  db.close();
}

beforeAll(() => {
  run = mkdtempSync(join(tmpdir(), 'cm-privacy-import-'));
  dataDir = join(run, 'data');
  importTmp = join(run, 'tmp');
  mkdirSync(importTmp);
  mkdirSync(join(run, 'original'));
  const orig = join(run, 'original', 'claude-mem.db');
  copyFileSync(FIX, orig);
  chmodSync(orig, 0o600);
  const spans: SecretCase[] = Array.from({ length: 4 }, (_, i) => ({
    id: `private span ${i}`,
    group: 'private',
    text: '',
    secrets: [`PRIVATE-IN-${i}-${rand()}`, `PRIVATE-OUT-${i}-${rand()}`],
  }));
  const corpus = secretCases();
  cases = [...corpus, ...spans];
  plantOriginal(orig, corpus, spans);

  const env = { CLAUDE_MEM_PROVIDER: 'offline', TMPDIR: importTmp };
  imported = runCli(['import', '--from-claude-mem', orig, '--json'], { cwd: run, dataDir, env });
  exported = runCli(['export'], { cwd: run, dataDir, env });
  exportText = exported.stdout
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => strings(JSON.parse(l)))
    .join('\n');
}, 120_000);

afterAll(() => rmSync(run, { recursive: true, force: true }));

describe('the secret corpus through import --from-claude-mem', () => {
  it('imports every planted row, redacting as it goes', () => {
    expect(imported.code, imported.stderr).toBe(0);
    const r = JSON.parse(imported.stdout) as { tables: Record<string, { imported: number; partial: number }>; redacted: number };
    const planted = cases.length - 4 + NEGATIVES.length + 1;
    const db = openStore(join(dataDir, 'memory.db'), { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get(PROJECT) as { n: number }).n;
    const ofProject = 'project_id IN (SELECT id FROM projects WHERE name = ?)';
    const counts = {
      observations: count(`SELECT COUNT(*) AS n FROM observations WHERE ${ofProject}`),
      prompts: count(`SELECT COUNT(*) AS n FROM prompts WHERE ${ofProject}`),
      summaries: count(`SELECT COUNT(*) AS n FROM summaries WHERE ${ofProject}`),
    };
    const prompts = (db.prepare(`SELECT text FROM prompts WHERE ${ofProject}`).all(PROJECT) as Array<{ text: string }>).map((p) => p.text).join('\n');
    db.close();
    expect(counts).toEqual({ observations: planted, prompts: planted, summaries: planted });
    expect(r.redacted).toBeGreaterThanOrEqual(3 * (cases.length - 4));
    console.log(`import: ${r.redacted} row(s) redacted of ${3 * planted} planted`);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exportText).toContain('[REDACTED:');
    expect(exportText).toContain('visible-observation');
    // What stays visible after a <private> span that closes in a summary's later field.
    expect(exportText).toContain('visible-summary');
    expect(prompts).toContain('visible-prompt');
    expect(prompts).toContain('[REDACTED:');
  });

  it('keeps every look-alike in observations, summaries and prompts', () => {
    const db = openStore(join(dataDir, 'memory.db'), { readonly: true });
    const prompts = (db.prepare('SELECT text FROM prompts').all() as Array<{ text: string }>).map((p) => p.text).join('\n');
    db.close();
    const lost = NEGATIVES.flatMap((neg) =>
      neg.keep.flatMap((k) => [
        ...(exportText.includes(k) ? [] : [`${neg.id}: "${k}" in export`]),
        ...(prompts.includes(k) ? [] : [`${neg.id}: "${k}" in prompts`]),
      ]),
    );
    const kept = NEGATIVES.filter((neg) => !lost.some((l) => l.startsWith(`${neg.id}:`))).length;
    console.log(`import: ${kept}/${NEGATIVES.length} look-alikes kept`);
    expect(lost).toEqual([]);
  });

  it('no secret byte is in the database file, its WAL or shared memory', () => {
    const files = readdirSync(dataDir)
      .filter((f) => f.startsWith('memory.db'))
      .map((f): [string, Buffer] => [f, readFileSync(join(dataDir, f))]);
    expect(files.map(([f]) => f)).toContain('memory.db');
    expect(report('database + WAL', files)).toEqual([]);
  });

  it('no secret byte is in the logs, the CLI output or a leftover temp snapshot', () => {
    expect(report('logs', filesUnder(join(dataDir, 'logs')))).toEqual([]);
    expect(report('CLI output', [['import stdout', Buffer.from(imported.stdout)], ['import stderr', Buffer.from(imported.stderr)], ['export stderr', Buffer.from(exported.stderr)]])).toEqual([]);
    // The snapshot of the original (which holds the secrets) is removed once the import ends.
    expect(filesUnder(importTmp).map(([f]) => f)).toEqual([]);
  });

  it('no secret byte is in `claude-mem export`', () => {
    expect(report('export', [['raw', Buffer.from(exported.stdout)], ['decoded', Buffer.from(exportText)]])).toEqual([]);
  });
});
