// syncOnce against a scripted HTTP server on 127.0.0.1 (the real server's behaviour is covered by
// test/e2e/team-sync.test.ts): a record the server refuses does not block the rest of its
// project, a rate limit stops the sync with its Retry-After, and nothing is acknowledged that the
// server did not take.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushRequest } from '../../src/contracts';
import { createMemoryLogger } from '../../src/log';
import { insertObservation, listSharedProjects, openStore, shareProject, upsertProject, type Db } from '../../src/store';
import { createTeamClient, syncOnce } from '../../src/sync';

const NOW = '2026-12-01T10:00:00.000Z';
let dir: string;
let db: Db;
let projectId: number;
let server: Server;
let base: string;
let handler: (req: IncomingMessage, body: string, res: ServerResponse) => void;
const pushes: PushRequest[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cm-sync-engine-'));
  db = openStore(join(dir, 'memory.db'));
  projectId = upsertProject(db, '/code/app', 'app', NOW);
  shareProject(db, { projectId, remote: 'github.com/acme/app', now: NOW });
  pushes.length = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterEach(async () => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
  await new Promise((r) => server.close(r));
});

function add(title: string): void {
  insertObservation(db, {
    projectId, sessionId: null, promptNumber: null, type: 'discovery', title, subtitle: '', facts: [], narrative: '', concepts: [],
    filesRead: [], filesModified: [], createdAt: NOW, model: null, origin: 'raw',
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const run = () =>
  syncOnce({ db, client: createTeamClient({ url: base, key: 'cmk_test' }), now: () => new Date(NOW), logger: createMemoryLogger() });

describe('syncOnce', () => {
  it('narrows a refused batch down to the one record, drops only it, and sends the rest', async () => {
    for (let i = 0; i < 9; i++) add(i === 6 ? 'poison record' : `fine ${i}`);
    handler = (req, body, res) => {
      if (req.url?.startsWith('/v1/pull')) return json(res, 404, { error: { kind: 'not_found', message: 'No project' } });
      const push = JSON.parse(body) as PushRequest;
      if (push.items.some((i) => i.kind === 'observation' && i.title.includes('poison'))) {
        return json(res, 400, { error: { kind: 'validation', message: 'Invalid request: items.0.title: bad' } });
      }
      pushes.push(push);
      json(res, 200, { project: 'github.com/acme/app', applied: push.items.length, unchanged: 0, cursor: '1' });
    };
    const report = await run();
    expect(report).toMatchObject({ pushed: 8, refused: 1 });
    expect(report.problem).toBeUndefined();
    const sent = pushes.flatMap((p) => p.items.map((i) => (i.kind === 'observation' ? i.title : '')));
    expect(sent.sort()).toEqual([0, 1, 2, 3, 4, 5, 7, 8].map((i) => `fine ${i}`).sort());
    const p = listSharedProjects(db)[0];
    expect(p?.backlog).toBe(0);
    expect(p?.lastError).toMatch(/was refused and stays local/);
    // The record itself is still here, whole.
    expect(db.prepare("SELECT COUNT(*) AS n FROM observations WHERE title = 'poison record'").get()).toEqual({ n: 1 });
  });

  it('a refusal that names no item (the project, the request) stops the sync and drops nothing', async () => {
    for (let i = 0; i < 4; i++) add(`kept ${i}`);
    handler = (_req, _body, res) => json(res, 400, { error: { kind: 'validation', message: 'Invalid request: project: bad remote' } });
    const r = await run();
    expect(r).toMatchObject({ pushed: 0, refused: 0, problem: { kind: 'rejected' } });
    expect(listSharedProjects(db)[0]?.backlog).toBe(4);
  });

  it('a rate limit or a 5xx stops the sync with nothing acknowledged; the next sync sends it all', async () => {
    for (let i = 0; i < 3; i++) add(`queued ${i}`);
    handler = (_req, _body, res) => json(res, 429, { error: { kind: 'too_many', message: 'slow down' } }, { 'retry-after': '7' });
    const limited = await run();
    expect(limited.problem).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7_000 });
    handler = (_req, _body, res) => json(res, 503, { error: { kind: 'storage_busy', message: 'database unavailable' } });
    expect((await run()).problem).toMatchObject({ kind: 'server', status: 503 });
    expect(listSharedProjects(db)[0]).toMatchObject({ backlog: 3, lastError: expect.stringContaining('failed (503)') });

    handler = (req, body, res) => {
      if (req.url?.startsWith('/v1/pull')) return json(res, 200, { project: 'github.com/acme/app', changes: [], cursor: '0', more: false });
      const push = JSON.parse(body) as PushRequest;
      pushes.push(push);
      json(res, 200, { project: 'github.com/acme/app', applied: push.items.length, unchanged: 0, cursor: '3' });
    };
    const ok = await run();
    expect(ok.pushed).toBe(3);
    expect(ok.problem).toBeUndefined();
    expect(listSharedProjects(db)[0]).toMatchObject({ backlog: 0, lastError: null });
    expect(pushes.flatMap((p) => p.items)).toHaveLength(3);
  });

  it('sends the bearer key and nothing of an unshared project', async () => {
    const other = upsertProject(db, '/code/secret', 'secret', NOW);
    insertObservation(db, {
      projectId: other, sessionId: null, promptNumber: null, type: 'discovery', title: 'private', subtitle: '', facts: [], narrative: '',
      concepts: [], filesRead: [], filesModified: [], createdAt: NOW, model: null, origin: 'raw',
    });
    add('shared');
    const seen: string[] = [];
    handler = (req, body, res) => {
      seen.push(`${req.headers.authorization} ${req.url} ${body}`);
      if (req.url?.startsWith('/v1/pull')) return json(res, 200, { project: 'github.com/acme/app', changes: [], cursor: '0', more: false });
      json(res, 200, { project: 'github.com/acme/app', applied: 1, unchanged: 0, cursor: '1' });
    };
    await run();
    expect(seen.every((s) => s.startsWith('Bearer cmk_test '))).toBe(true);
    expect(seen.join('\n')).toContain('shared');
    expect(seen.join('\n')).not.toContain('private');
    expect(seen.join('\n')).not.toContain('secret');
  });
});
