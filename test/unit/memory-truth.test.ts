// Memory that stays true and small: observations remember the files they were about (repository
// HEAD, size, mtime, sha256), the next session start marks them when those files changed or went
// away, and near-duplicates merge into one. Real git repositories, real SQLite files, the real
// drain with a scripted memory agent (only the model is fake), the built CLI for `show`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { buildSessionContext } from '../../src/context';
import { createMcpServer } from '../../src/mcp';
import { formatHitLine, searchKeyword } from '../../src/search';
import type { ObservationDraft } from '../../src/contracts';
import { createMemoryLogger } from '../../src/log';
import {
  acquireLock,
  checkAnchorsBatch,
  getObservations,
  insertObservation,
  settleOlderObservations,
  upsertProject,
  upsertSession,
  type Db,
} from '../../src/store';
import { anchorObservations, createDrain, gitProbe, startMemoryUpkeep, type GitProbe } from '../../src/worker';
import { hookEnv, runHook } from '../helpers/hook-run';
import { runCli } from '../helpers/search-cli';
import { addTurn, fakeAgent, tempStore } from '../helpers/worker-fixtures';

const logger = createMemoryLogger();

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=T', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();
}

function obs(title: string, files: string[], facts: string[] = []): ObservationDraft {
  return { type: 'change', title, subtitle: '', facts, narrative: '', concepts: [], filesRead: [], filesModified: files };
}

describe('memory that stays true', () => {
  let store: ReturnType<typeof tempStore>;
  let db: Db;
  let repo: string;
  let t: number;
  const now = () => new Date(t);

  beforeEach(() => {
    store = tempStore('cm-truth-');
    db = store.db;
    repo = mkdtempSync(join(tmpdir(), 'cm-truth-repo-'));
    t = Date.parse('2026-03-01T10:00:00.000Z');
    git(repo, 'init', '-q', '-b', 'main');
    mkdirSync(join(repo, 'src'));
    writeFileSync(join(repo, 'src/retry.ts'), 'export const retries = 3;\n');
    writeFileSync(join(repo, 'notes.txt'), 'hello\n');
    writeFileSync(join(repo, 'other.ts'), 'export {};\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'first');
  });
  afterEach(() => {
    store.cleanup();
    rmSync(repo, { recursive: true, force: true });
  });

  /** One session that stores `drafts` through the real drain, anchoring their files in `cwd`. */
  async function remember(drafts: ObservationDraft[], opts: { session: string; cwd?: string; git?: GitProbe }): Promise<number[]> {
    const projectId = upsertProject(db, repo, 'repo', now().toISOString());
    const s = upsertSession(db, { host: 'claude-code', hostSessionId: opts.session, projectId, cwd: opts.cwd ?? repo, now: now().toISOString() });
    addTurn(db, { projectId, sessionId: s.id }, { now: now().toISOString(), tools: 1, turnEnd: true, keyPrefix: opts.session });
    const stored: number[] = [];
    const agent = fakeAgent([{ ok: true, origin: 'model', observations: drafts, model: 'fake', inputTokens: 1, outputTokens: 1 }]);
    const drain = createDrain({
      db,
      agent: () => agent,
      now,
      logger,
      settings: () => ({ CLAUDE_MEM_MAX_ATTEMPTS: 3, CLAUDE_MEM_DAILY_TOKEN_BUDGET: 0, CLAUDE_MEM_BATCH_MAX_CHARS: 40_000, CLAUDE_MEM_MODEL_TIMEOUT_MS: 60_000 }),
      sleep: async () => undefined,
      onStored: async (ids) => {
        stored.push(...ids);
        await anchorObservations({ db, logger, now, ...(opts.git ? { git: opts.git } : {}) }, ids);
      },
    });
    await drain.runReady();
    t += 60_000;
    return stored;
  }

  const sessionStart = () => buildSessionContext(db, { root: repo, name: 'repo' }, { maxTokens: 4000, maxObservations: 50, timeZone: 'UTC', now });
  const lineOf = (ctx: string, id: number) => ctx.split('\n').find((l) => l.startsWith(`- #${id} `)) ?? '';

  it('a commit that rewrites the file marks the note at the next session start', async () => {
    const [id] = await remember([obs('Retry count set to three', ['src/retry.ts'])], { session: 's1' });
    expect(lineOf(sessionStart(), id!)).not.toContain('may be out of date');
    writeFileSync(join(repo, 'src/retry.ts'), 'export const retries = 5; // rewritten\n');
    git(repo, 'commit', '-q', '-am', 'rewrite retry');
    expect(lineOf(sessionStart(), id!)).toMatch(/may be out of date: src\/retry\.ts changed \d{4}-\d\d-\d\d/);
  });

  it('the real SessionStart hook marks the rewritten file and exits 0', async () => {
    const [id] = await remember([obs('Retry count set to three', ['src/retry.ts'])], { session: 's1' });
    writeFileSync(join(repo, 'src/retry.ts'), 'export const retries = 5;\n');
    git(repo, 'commit', '-q', '-am', 'rewrite retry');
    db.close();
    // Hold the worker lock so the hook sees a running worker and starts none.
    const lock = acquireLock(join(store.dir, 'worker.lock'));
    try {
      const input = { session_id: 'hook-1', transcript_path: join(repo, 't.jsonl'), cwd: repo, hook_event_name: 'SessionStart', source: 'startup' };
      const r = await runHook('SessionStart', JSON.stringify(input), hookEnv(store.dir));
      expect(r.code).toBe(0);
      const ctx = (JSON.parse(r.stdout) as { hookSpecificOutput: { additionalContext: string } }).hookSpecificOutput.additionalContext;
      expect(lineOf(ctx, id!)).toContain('may be out of date: src/retry.ts changed');
    } finally {
      lock?.release();
    }
  });

  it('a commit that deletes the file marks it deleted', async () => {
    const [id] = await remember([obs('Retry count set to three', ['src/retry.ts'])], { session: 's1' });
    git(repo, 'rm', '-q', 'src/retry.ts');
    git(repo, 'commit', '-q', '-m', 'drop retry');
    expect(lineOf(sessionStart(), id!)).toContain('may be out of date: src/retry.ts deleted');
  });

  it('an unrelated commit, or a touch that keeps the content, does not mark it', async () => {
    const [id] = await remember([obs('Retry count set to three', ['src/retry.ts'])], { session: 's1' });
    writeFileSync(join(repo, 'other.ts'), 'export const other = 1;\n');
    git(repo, 'commit', '-q', '-am', 'unrelated');
    // Same bytes, new mtime: the stat moved, the hash says nothing changed.
    writeFileSync(join(repo, 'src/retry.ts'), 'export const retries = 3;\n');
    const line = lineOf(sessionStart(), id!);
    expect(line).toContain('Retry count set to three');
    expect(line).not.toContain('may be out of date');
  });

  it('records the HEAD commit, and the worker background check carries the mark to search, MCP and show', async () => {
    const head = git(repo, 'rev-parse', 'HEAD');
    const [id] = await remember([obs('Retry count set to three', ['src/retry.ts'])], { session: 's1' });
    expect(getObservations(db, [id!])[0]?.memory).toEqual({ commit: head.slice(0, 12) });
    writeFileSync(join(repo, 'src/retry.ts'), 'changed\n');
    expect(checkAnchorsBatch(db, 100, new Date(t + 1000).toISOString())).toBe(1);
    expect(getObservations(db, [id!])[0]?.memory?.stale).toEqual([{ path: 'src/retry.ts', change: 'changed', at: expect.any(String) }]);
    const hits = searchKeyword(db, { query: 'retry count', limit: 5, offset: 0 }).hits;
    expect(hits.map((h) => formatHitLine(h))).toEqual([expect.stringContaining('[may be out of date: src/retry.ts changed]')]);
    const shown = runCli(['show', String(id)], { cwd: repo, dataDir: store.dir });
    expect(shown.stdout).toContain('may be out of date: src/retry.ts changed');
    expect(shown.stdout).toContain(`recorded at commit ${head.slice(0, 12)}`);
  });

  it('three near-identical notes become one with count 3; show reaches all three sources', async () => {
    const ids: number[] = [];
    for (const [i, title] of ['Created notes.txt greeting file', 'Created the notes.txt greeting file', 'Created notes.txt greeting file'].entries()) {
      ids.push(...(await remember([obs(title, ['notes.txt'], ['notes.txt says hello'])], { session: `s${i}` })));
    }
    expect(ids).toHaveLength(3);
    const ctx = sessionStart();
    const listed = ctx.split('\n').filter((l) => l.includes('notes.txt greeting'));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toContain(`#${ids[2]} `);
    expect(listed[0]).toContain('seen 3×');
    const survivor = getObservations(db, [ids[2]!])[0]!;
    expect(survivor.memory?.merged).toEqual({ count: 3, ids: [ids[0], ids[1]], dates: expect.any(Array) });
    expect(getObservations(db, [ids[0]!])[0]?.memory?.mergedInto).toBe(ids[2]);
    // Search lists the survivor once; MCP get_observations names the merged records, which it also returns.
    const hits = searchKeyword(db, { query: 'notes greeting', limit: 10, offset: 0 }).hits;
    expect(hits.map((h) => h.id)).toEqual([ids[2]]);
    expect(formatHitLine(hits[0]!)).toContain('[seen 3×]');
    const server = createMcpServer({ db, cwd: repo, now, logger, recency: true, redactSecrets: true, excludedProjects: [], version: 'test' });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const client = new Client({ name: 't', version: '1' });
    await client.connect(b);
    const got = (await client.callTool({ name: 'get_observations', arguments: { ids: [ids[2], ids[0], ids[1]] } })) as { content: Array<{ text: string }> };
    const records = JSON.parse(got.content[0]!.text) as Array<{ id: number; memory?: { merged?: { ids: number[] }; mergedInto?: number } }>;
    expect(records.map((r) => r.id)).toEqual([ids[2], ids[0], ids[1]]);
    expect(records[0]?.memory?.merged?.ids).toEqual([ids[0], ids[1]]);
    expect(records[1]?.memory?.mergedInto).toBe(ids[2]);
    await client.close();
    const shown = runCli(['show', String(ids[2])], { cwd: repo, dataDir: store.dir });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('seen 3 times');
    expect(shown.stdout).toContain(`#${ids[0]} `);
    expect(shown.stdout).toContain(`#${ids[1]} `);
  });

  it('a different note about the same file is not merged, but a newer one on the same topic supersedes it', async () => {
    const [a] = await remember([obs('Retry count set to three attempts', ['src/retry.ts'])], { session: 's1' });
    const [b] = await remember([obs('Notes greeting written', ['notes.txt'])], { session: 's2' });
    const [c] = await remember([obs('Retry count raised to five attempts with backoff', ['src/retry.ts'])], { session: 's3' });
    const ctx = sessionStart();
    expect(lineOf(ctx, a!)).toBe('');
    expect(lineOf(ctx, b!)).not.toBe('');
    expect(lineOf(ctx, c!)).not.toBe('');
    expect(getObservations(db, [a!])[0]?.memory?.supersededBy).toBe(c);
    expect(getObservations(db, [c!])[0]?.memory?.supersedes).toEqual([a]);
  });

  it('the background pass merges duplicates stored before merging existed', () => {
    const projectId = upsertProject(db, repo, 'repo', now().toISOString());
    const base = { projectId, sessionId: null, promptNumber: null, model: null, origin: 'raw' as const };
    const ids = [1, 2, 3].map((d) => insertObservation(db, { ...obs('Created notes.txt greeting file', ['notes.txt']), ...base, createdAt: `2026-02-0${d}T10:00:00.000Z` })!);
    insertObservation(db, { ...obs('Something else entirely', ['notes.txt']), ...base, createdAt: '2026-02-04T10:00:00.000Z' });
    expect(settleOlderObservations(db, 100)).toBe(4);
    expect(getObservations(db, [ids[2]!])[0]?.memory?.merged?.count).toBe(3);
    expect(settleOlderObservations(db, 100)).toBe(0);
  });

  it('the worker upkeep loop settles old duplicates and records changed files on its own', async () => {
    const [anchored] = await remember([obs('Retry count set to three', ['src/retry.ts'])], { session: 's1' });
    const projectId = upsertProject(db, repo, 'repo', now().toISOString());
    const base = { projectId, sessionId: null, promptNumber: null, model: null, origin: 'raw' as const };
    const dups = [1, 2].map((d) => insertObservation(db, { ...obs('Created notes.txt greeting file', ['notes.txt']), ...base, createdAt: `2026-02-0${d}T10:00:00.000Z` })!);
    unlinkSync(join(repo, 'src/retry.ts'));
    const upkeep = startMemoryUpkeep({ db, logger, now: () => new Date(t + 60_000), startDelayMs: 0 });
    try {
      // Poll for the outcome (no timing assertion): the loop's first step does both jobs.
      for (let i = 0; i < 200 && !getObservations(db, [anchored!])[0]?.memory?.stale; i++) await new Promise((r) => setTimeout(r, 25));
    } finally {
      upkeep.stop();
    }
    expect(getObservations(db, [anchored!])[0]?.memory?.stale).toEqual([{ path: 'src/retry.ts', change: 'deleted', at: expect.any(String) }]);
    expect(getObservations(db, [dups[1]!])[0]?.memory?.merged?.count).toBe(2);
  });

  describe('bad input degrades to unknown, never an error', () => {
    it('a repository with no commits: no commit recorded, changes still seen', async () => {
      rmSync(join(repo, '.git'), { recursive: true, force: true });
      git(repo, 'init', '-q');
      const [id] = await remember([obs('Retry count set', ['src/retry.ts'])], { session: 's1' });
      expect(getObservations(db, [id!])[0]?.memory).toBeUndefined();
      writeFileSync(join(repo, 'src/retry.ts'), 'different\n');
      expect(lineOf(sessionStart(), id!)).toContain('src/retry.ts changed');
    });

    it('a detached HEAD records that commit', async () => {
      const head = git(repo, 'rev-parse', 'HEAD');
      git(repo, 'checkout', '-q', '--detach', head);
      const [id] = await remember([obs('Retry count set', ['src/retry.ts'])], { session: 's1' });
      expect(getObservations(db, [id!])[0]?.memory?.commit).toBe(head.slice(0, 12));
    });

    it('files outside the repository and folders are unknown, not stale', async () => {
      const outside = mkdtempSync(join(tmpdir(), 'cm-truth-out-'));
      writeFileSync(join(outside, 'x.txt'), 'x');
      const [id] = await remember([obs('Looked around', [join(outside, 'x.txt'), 'src', '../elsewhere.ts'])], { session: 's1' });
      writeFileSync(join(outside, 'x.txt'), 'changed');
      const o = getObservations(db, [id!])[0]!;
      expect(o.memory?.unknown?.sort()).toEqual([join(outside, 'x.txt'), '../elsewhere.ts', 'src'].sort());
      expect(lineOf(sessionStart(), id!)).not.toContain('may be out of date');
      rmSync(outside, { recursive: true, force: true });
    });

    it('git missing: files are still anchored by content, with no commit', async () => {
      const [id] = await remember([obs('Retry count set', ['src/retry.ts'])], { session: 's1', git: gitProbe('/nonexistent/git') });
      expect(getObservations(db, [id!])[0]?.memory?.commit).toBeUndefined();
      unlinkSync(join(repo, 'src/retry.ts'));
      expect(lineOf(sessionStart(), id!)).toContain('src/retry.ts deleted');
    });

    it('a file too big to hash is compared by size and mtime only', async () => {
      writeFileSync(join(repo, 'big.bin'), '');
      truncateSync(join(repo, 'big.bin'), 9 * 1024 * 1024);
      const [id] = await remember([obs('Big file noted', ['big.bin'])], { session: 's1' });
      expect(db.prepare('SELECT hash, size FROM observation_anchors WHERE observation_id = ?').get(id)).toEqual({ hash: null, size: 9 * 1024 * 1024 });
      expect(lineOf(sessionStart(), id!)).not.toContain('may be out of date');
      truncateSync(join(repo, 'big.bin'), 9 * 1024 * 1024 + 1);
      expect(lineOf(sessionStart(), id!)).toContain('big.bin changed');
    });
  });
});
