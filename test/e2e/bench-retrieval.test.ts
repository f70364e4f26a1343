// `npm run bench:retrieval` on the small fixture: one greppable JSON line with sane values.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startFakeEmbeddings } from '../helpers/fake-embeddings';

const ROOT = resolve(__dirname, '../..');

describe('bench:retrieval', () => {
  it('prints the metrics JSON line first on stdout, and the baseline and table on stderr', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/retrieval.ts', 'test/fixtures/retrieval-small.jsonl'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      timeout: 60_000,
    });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('{"queries"'));
    expect(line).toBeDefined();
    const m = JSON.parse(line as string) as Record<string, number>;
    expect(Object.keys(m)).toEqual(['queries', 'recall@5', 'recall@10', 'mrr', 'p50_ms', 'p95_ms']);
    expect(m.queries).toBe(12);
    for (const k of ['recall@5', 'recall@10', 'mrr']) {
      expect(m[k]).toBeGreaterThanOrEqual(0);
      expect(m[k]).toBeLessThanOrEqual(1);
    }
    expect(m['recall@10']).toBeGreaterThanOrEqual(m['recall@5'] as number);
    // every fixture question is answerable by keywords: anything lower is a regression
    expect(m['recall@10']).toBeGreaterThanOrEqual(0.9);
    expect(m.p95_ms).toBeGreaterThanOrEqual(m.p50_ms as number);
    expect(r.stderr).toMatch(/baseline \(plain FTS5, terms OR-ed\): \{"queries":12/);
    expect(r.stderr).toMatch(/^all\s+12\s/m);
  });

  it('--embeddings embeds every item with the configured provider and runs hybrid search', async () => {
    const fake = await startFakeEmbeddings();
    const dataDir = mkdtempSync(join(tmpdir(), 'claude-mem-bench-emb-'));
    try {
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: dataDir,
        CLAUDE_MEM_DATA_DIR: dataDir,
        CLAUDE_MEM_EMBEDDINGS_PROVIDER: 'openai',
        CLAUDE_MEM_EMBEDDINGS_BASE_URL: `${fake.url}/v1`,
        CLAUDE_MEM_EMBEDDINGS_MODEL: 'fake-1',
      };
      const r = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'bench/retrieval.ts', 'test/fixtures/retrieval-small.jsonl', '--embeddings'],
        { cwd: ROOT, env, timeout: 60_000 },
      );
      expect(r.stderr).toMatch(/embedded \d+ items with openai:fake-1/);
      const line = r.stdout.split('\n').find((l) => l.startsWith('{"queries"'));
      expect(JSON.parse(line as string)).toMatchObject({ queries: 12 });
      const inputs = fake.requests.flatMap((q) => (q.body as { input?: string[] }).input ?? []);
      // every item once, then every query
      expect(inputs.length).toBeGreaterThan(12);
      expect(fake.requests.every((q) => q.path === '/v1/embeddings')).toBe(true);
    } finally {
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('--embeddings without a provider says what to set', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'claude-mem-bench-emb-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/retrieval.ts', 'test/fixtures/retrieval-small.jsonl', '--embeddings'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: dataDir, CLAUDE_MEM_DATA_DIR: dataDir },
      timeout: 60_000,
    });
    rmSync(dataDir, { recursive: true, force: true });
    expect(r.status).toBe(64);
    expect(r.stderr).toMatch(/CLAUDE_MEM_EMBEDDINGS_PROVIDER/);
  });

  it('fails clearly without a data set', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/retrieval.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(64);
    expect(r.stderr).toMatch(/usage/);
  });
});
