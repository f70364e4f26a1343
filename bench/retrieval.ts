// Retrieval benchmark: load a JSONL data set into a fresh temporary store through the store's
// public functions, answer every query with the same search the MCP `search` tool uses (scoped to
// the query's project), and print one JSON line of metrics on stdout. A readable table by category
// and the plain-FTS5 baseline go to stderr.
//
//   npm run bench:retrieval -- <dataset.jsonl> [--embeddings]
//
// --embeddings uses the configured embeddings provider (CLAUDE_MEM_EMBEDDINGS_* in the environment,
// settings.json or the data dir's .env, as for search itself): every item is embedded first, then
// queries run as hybrid search. Without it, no model is involved.
//
// Data set lines: {"kind":"item","id","project","type","title","text","created_at"} and
// {"kind":"query","project","query","relevant":[ids],"category"}.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { OBSERVATION_TYPES, type ObservationType } from '../src/contracts';
import { loadConfig } from '../src/config';
import { backfillEmbeddings, createEmbedder, ftsAny, parseQuery, searchMemory } from '../src/search';
import { buildPromptRecall } from '../src/context';
import { insertObservation, openStore, upsertProject, upsertSession, type Db } from '../src/store';

interface Item {
  kind: 'item';
  id: string;
  project: string;
  type: string;
  title: string;
  text: string;
  created_at: string;
}
interface Query {
  kind: 'query';
  project: string;
  query: string;
  relevant: string[];
  category: string | number;
}

interface Outcome {
  category: string;
  recall5: number;
  recall10: number;
  rr: number;
  ms: number;
}

const args = process.argv.slice(2).filter((a) => a !== '--');
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  process.stderr.write('usage: npm run bench:retrieval -- <dataset.jsonl> [--embeddings]\n');
  process.exit(64);
}
const embedder = args.includes('--embeddings') ? createEmbedder(loadConfig()) : undefined;
if (args.includes('--embeddings') && !embedder) {
  process.stderr.write('--embeddings: no embeddings provider is configured; set CLAUDE_MEM_EMBEDDINGS_PROVIDER (see docs/search.md)\n');
  process.exit(64);
}

const { items, queries } = load(file);
const dir = mkdtempSync(join(tmpdir(), 'claude-mem-bench-'));
try {
  const db = openStore(join(dir, 'bench.db'));
  const { obsToItem, projectIds } = ingest(db, items);
  if (embedder) {
    const e0 = performance.now();
    while ((await backfillEmbeddings(db, embedder, 64)).embedded > 0);
    process.stderr.write(`embedded ${items.length} items with ${embedder.id} in ${Math.round(performance.now() - e0)} ms\n`);
  }
  const ours: Outcome[] = [];
  const baseline: Outcome[] = [];
  let recallHits = 0;
  let recallAnswered = 0;
  for (const [qi, q] of queries.entries()) {
    const projectId = projectIds.get(q.project);
    const t0 = performance.now();
    const result = await searchMemory(
      db,
      { query: q.query, projectIds: projectId === undefined ? [] : [projectId], limit: 10, offset: 0 },
      { recency: true, now: new Date(), ...(embedder ? { embedder } : {}) },
    );
    const ms = performance.now() - t0;
    ours.push(score(q, result.hits.map((h) => obsToItem.get(h.id) ?? ''), ms));
    const b0 = performance.now();
    const plain = baselineSearch(db, q.query, projectId);
    baseline.push(score(q, plain.map((id) => obsToItem.get(id) ?? ''), performance.now() - b0));
    // Recall per prompt (UserPromptSubmit), default budget, a fresh session per query: a hit is
    // a relevant record among the ones injected.
    if (projectId !== undefined) {
      const now = new Date().toISOString();
      const session = upsertSession(db, { host: 'bench', hostSessionId: `q${qi}`, projectId, cwd: '/bench', now });
      const text = buildPromptRecall(db, { projectId, sessionId: session.id, prompt: q.query, maxTokens: 300, now });
      const injected = [...text.matchAll(/^- #(\d+) /gm)].map((m) => obsToItem.get(Number(m[1])) ?? '');
      if (injected.length) recallAnswered++;
      if (injected.some((id) => q.relevant.includes(id))) recallHits++;
    }
  }
  db.close();
  const summary = summarize(ours);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.stderr.write(`baseline (plain FTS5, terms OR-ed): ${JSON.stringify(summarize(baseline))}\n`);
  process.stderr.write(
    `recall per prompt (CLAUDE_MEM_PROMPT_CONTEXT_TOKENS=300): right record injected for ${recallHits}/${queries.length} queries (${round((100 * recallHits) / Math.max(1, queries.length))}%); something injected for ${recallAnswered}\n\n`,
  );
  process.stderr.write(table(ours, baseline));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function load(path: string): { items: Item[]; queries: Query[] } {
  const items: Item[] = [];
  const queries: Query[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const row = JSON.parse(line) as Item | Query;
      if (row.kind === 'item') items.push(row);
      else if (row.kind === 'query') queries.push(row);
      else throw new Error(`${path}:${i + 1}: unknown kind`);
    });
  return { items, queries };
}

/** Items → observations, one project per data-set project; returns the id maps. */
function ingest(db: Db, rows: Item[]): { obsToItem: Map<number, string>; projectIds: Map<string, number> } {
  const obsToItem = new Map<number, string>();
  const projectIds = new Map<string, number>();
  const now = new Date().toISOString();
  // The baseline reads its own plain index of each item's text (same tokenizer as ours), so it
  // neither gains nor loses by what our index adds (related words).
  db.exec(`CREATE VIRTUAL TABLE bench_baseline_fts USING fts5(title, narrative, project_id UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2')`);
  const plain = db.prepare('INSERT INTO bench_baseline_fts (rowid, title, narrative, project_id) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (const it of rows) {
      let pid = projectIds.get(it.project);
      if (pid === undefined) {
        pid = upsertProject(db, `/bench/${it.project}`, it.project, now);
        projectIds.set(it.project, pid);
      }
      const type = (OBSERVATION_TYPES as readonly string[]).includes(it.type) ? (it.type as ObservationType) : 'discovery';
      // The title usually opens the text; store the rest as the narrative, as the agent would.
      const narrative = it.text.startsWith(it.title) ? it.text.slice(it.title.length).trim() : it.text;
      const id = insertObservation(db, {
        uid: `bench-${it.id}`,
        projectId: pid,
        sessionId: null,
        promptNumber: null,
        type,
        title: it.title,
        subtitle: '',
        facts: [],
        narrative,
        concepts: [],
        filesRead: [],
        filesModified: [],
        createdAt: it.created_at,
        model: null,
        origin: 'manual',
      });
      if (id === undefined) continue;
      obsToItem.set(id, it.id);
      plain.run(id, it.title, narrative, pid);
    }
  })();
  return { obsToItem, projectIds };
}

/** The baseline: every word of the question quoted and OR-ed, default bm25 ranking. */
function baselineSearch(db: Db, question: string, projectId: number | undefined): number[] {
  const words = parseQuery(question).raw.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (!words.length || projectId === undefined) return [];
  return (
    db
      .prepare(
        `SELECT rowid AS id FROM bench_baseline_fts
         WHERE bench_baseline_fts MATCH ? AND project_id = ? ORDER BY bm25(bench_baseline_fts) LIMIT 10`,
      )
      .all(ftsAny([...new Set(words)]), projectId) as Array<{ id: number }>
  ).map((r) => r.id);
}

function score(q: Query, ranked: string[], ms: number): Outcome {
  const rel = new Set(q.relevant);
  const recallAt = (k: number) => (rel.size ? ranked.slice(0, k).filter((id) => rel.has(id)).length / rel.size : 0);
  const first = ranked.findIndex((id) => rel.has(id));
  return { category: String(q.category), recall5: recallAt(5), recall10: recallAt(10), rr: first < 0 ? 0 : 1 / (first + 1), ms };
}

function summarize(rows: Outcome[]) {
  const mean = (f: (o: Outcome) => number) => round(rows.reduce((a, o) => a + f(o), 0) / Math.max(1, rows.length));
  const ms = rows.map((o) => o.ms).sort((a, b) => a - b);
  const pct = (p: number) => round(ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))] ?? 0, 2);
  return {
    queries: rows.length,
    'recall@5': mean((o) => o.recall5),
    'recall@10': mean((o) => o.recall10),
    mrr: mean((o) => o.rr),
    p50_ms: pct(50),
    p95_ms: pct(95),
  };
}

function table(ours: Outcome[], base: Outcome[]): string {
  const cats = [...new Set(ours.map((o) => o.category))].sort();
  const lines = ['category    queries  recall@5  recall@10  mrr    | baseline r@10  mrr'];
  const row = (label: string, a: Outcome[], b: Outcome[]) => {
    const s = summarize(a);
    const t = summarize(b);
    lines.push(
      `${label.padEnd(10)}  ${String(s.queries).padStart(7)}  ${fmt(s['recall@5'])}     ${fmt(s['recall@10'])}      ${fmt(s.mrr)}  | ${fmt(t['recall@10'])}          ${fmt(t.mrr)}`,
    );
  };
  for (const c of cats) row(c, ours.filter((o) => o.category === c), base.filter((o) => o.category === c));
  row('all', ours, base);
  return `${lines.join('\n')}\n`;
}

function fmt(n: number): string {
  return n.toFixed(3);
}

function round(n: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
