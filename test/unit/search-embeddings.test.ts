// Optional semantic search against a fake embeddings server (real HTTP on 127.0.0.1): backfill,
// hybrid ranking fused with keywords, both API shapes, and failures that never break search.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS, type Config } from '../../src/config';
import { FAILURE_FIXES, isMemError } from '../../src/contracts';
import { backfillEmbeddings, createEmbedder, createGeminiEmbedder, createOpenAiEmbedder, searchMemory } from '../../src/search';
import { countVectors, deleteObservations, type Db } from '../../src/store';
import { startFakeEmbeddings, type FakeEmbeddings } from '../helpers/fake-embeddings';
import { draft, openStore, searchSandbox, seed } from '../helpers/search-seed';

const box = searchSandbox();
let db: Db;
let fake: FakeEmbeddings;
let ids: number[];

beforeAll(async () => {
  fake = await startFakeEmbeddings();
  db = openStore(box.dbPath);
  ids = seed(db, box.projectDir, [
    draft({ title: 'Parking rules for the car', narrative: 'Park it in bay 4.' }),
    draft({ title: 'Deploy checklist', narrative: 'Run migrations first.' }),
    draft({ title: 'Lunch menu', narrative: 'Soup on Fridays.' }),
  ]);
});

afterAll(async () => {
  db.close();
  await fake.close();
  rmSync(dirname(box.dataDir), { recursive: true, force: true });
});

function config(over: Record<string, string>, credentials: Config['credentials'] = {}): Pick<Config, 'settings' | 'credentials'> {
  const settings = Object.fromEntries(Object.entries(SETTINGS).map(([k, d]) => [k, d.default])) as unknown as Config['settings'];
  return { settings: { ...settings, ...over } as Config['settings'], credentials };
}

describe('embeddings', () => {
  it('provider none (the default) means no embedder and no network', () => {
    expect(createEmbedder(config({}))).toBeUndefined();
  });

  it('backfill embeds every observation in batches, and a vector goes with its observation', async () => {
    fake.failWith = 0;
    const embedder = createEmbedder(
      config(
        { CLAUDE_MEM_EMBEDDINGS_PROVIDER: 'openai', CLAUDE_MEM_EMBEDDINGS_BASE_URL: `${fake.url}/v1`, CLAUDE_MEM_EMBEDDINGS_MODEL: 'fake-1' },
        { CLAUDE_MEM_EMBEDDINGS_API_KEY: 'sk-embed' },
      ),
    );
    expect(embedder?.id).toBe('openai:fake-1');
    expect(await backfillEmbeddings(db, embedder!, 2)).toEqual({ embedded: 2, remaining: 1 });
    expect(await backfillEmbeddings(db, embedder!, 2)).toEqual({ embedded: 1, remaining: 0 });
    expect(await backfillEmbeddings(db, embedder!, 2)).toEqual({ embedded: 0, remaining: 0 });
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-embed');
    expect(fake.requests[0]?.body).toMatchObject({ model: 'fake-1', input: [expect.stringContaining('Parking rules'), expect.stringContaining('Deploy checklist')] });
    expect(countVectors(db, 'openai:fake-1')).toBe(3);
  });

  it('hybrid search finds a record by meaning that keywords alone miss', async () => {
    const embedder = createOpenAiEmbedder({ provider: 'openai', baseURL: `${fake.url}/v1`, model: 'fake-1' });
    const keyword = await searchMemory(db, { query: 'sedan', limit: 5, offset: 0 });
    expect(keyword.hits).toHaveLength(0);
    const hybrid = await searchMemory(db, { query: 'sedan', limit: 5, offset: 0 }, { embedder });
    expect(hybrid.mode).toBe('hybrid');
    expect(hybrid.hits[0]?.id).toBe(ids[0]);
    // keyword hits still rank: fusion, not replacement
    expect((await searchMemory(db, { query: 'deploy checklist', limit: 5, offset: 0 }, { embedder })).hits[0]?.id).toBe(ids[1]);
  });

  it('filters apply to the vector side too', async () => {
    const embedder = createOpenAiEmbedder({ provider: 'openai', baseURL: `${fake.url}/v1`, model: 'fake-1' });
    const r = await searchMemory(db, { query: 'sedan', types: ['bugfix'], limit: 5, offset: 0 }, { embedder });
    expect(r.hits).toHaveLength(0);
  });

  it('an endpoint failure keeps keyword results and says so; backfill reports the kind', async () => {
    const embedder = createOpenAiEmbedder({ provider: 'openai', baseURL: `${fake.url}/v1`, model: 'fake-1' });
    fake.failWith = 401;
    try {
      const r = await searchMemory(db, { query: 'deploy', limit: 5, offset: 0 }, { embedder });
      expect(r.mode).toBe('keyword');
      expect(r.hits[0]?.id).toBe(ids[1]);
      expect(r.warnings[0]).toMatch(/Semantic search is unavailable.*401/);
      expect(r.warnings[0]).toContain(`Fix: ${FAILURE_FIXES.embeddings.auth}`);
      const other = createOpenAiEmbedder({ provider: 'openai', baseURL: `${fake.url}/v1`, model: 'fake-2' });
      const err = await backfillEmbeddings(db, other, 8).catch((e: unknown) => e);
      expect(isMemError(err) && err.kind).toBe('provider_auth');
      fake.failWith = 429;
      const limited = await backfillEmbeddings(db, other, 8).catch((e: unknown) => e);
      expect(isMemError(limited) && limited.kind).toBe('provider_rate_limited');
      expect(countVectors(db, 'openai:fake-2')).toBe(0);
    } finally {
      fake.failWith = 0;
    }
  });

  it('Gemini: batchEmbedContents with the key in a header, never in the URL', async () => {
    const embedder = createGeminiEmbedder({ baseURL: fake.url, model: 'text-embedding-004', apiKey: 'g-key' });
    const [v] = await embedder.embed(['hello world']);
    expect(v?.length).toBe(64);
    const req = fake.requests.at(-1);
    expect(req?.path).toBe('/v1beta/models/text-embedding-004:batchEmbedContents');
    expect(req?.headers['x-goog-api-key']).toBe('g-key');
    expect(req?.path).not.toContain('g-key');
  });

  it('deleting an observation deletes its vectors', () => {
    const before = countVectors(db, 'openai:fake-1');
    deleteObservations(db, [ids[2] as number]);
    expect(countVectors(db, 'openai:fake-1')).toBe(before - 1);
  });
});
