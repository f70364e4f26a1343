// Team memory's local tables (migration 9): the outbox the triggers fill, applying pulls, and the
// git remote reader that names a shared project. Real SQLite files, real .git/config files.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gitRemoteUrl } from '../../src/config';
import { normalizeRemote, type TeamChange } from '../../src/contracts';
import {
  applyPull,
  deleteObservations,
  deleteProject,
  insertObservation,
  insertSummary,
  listSharedProjects,
  nextOutboxBatch,
  openStore,
  shareProject,
  teamMachineId,
  unshareProject,
  upsertProject,
  type Db,
} from '../../src/store';
import { fitItem } from '../../src/sync';

const NOW = '2026-12-01T10:00:00.000Z';
let dir: string;
let db: Db;
let shared: number;
let local: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-store-team-'));
  db = openStore(join(dir, 'memory.db'));
  shared = upsertProject(db, '/code/app', 'app', NOW);
  local = upsertProject(db, '/code/secret', 'secret', NOW);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function obs(projectId: number, title: string, extra: Record<string, unknown> = {}) {
  return insertObservation(db, {
    projectId, sessionId: null, promptNumber: null, type: 'discovery', title, subtitle: '', facts: [], narrative: '', concepts: [],
    filesRead: [], filesModified: [], createdAt: NOW, model: null, origin: 'raw', ...extra,
  }) as number;
}

const outbox = () => db.prepare('SELECT record, uid, op FROM team_outbox ORDER BY id').all() as Array<{ record: string; uid: string; op: string }>;
const uidOf = (id: number) => (db.prepare('SELECT uid FROM observations WHERE id = ?').get(id) as { uid: string }).uid;

describe('the outbox', () => {
  it('share queues what the project already holds; later writes queue themselves; an unshared project never enters it', () => {
    const before = obs(shared, 'before sharing');
    obs(local, 'private note');
    expect(shareProject(db, { projectId: shared, remote: 'github.com/acme/app', now: NOW })).toBe(1);
    const after = obs(shared, 'after sharing');
    obs(local, 'another private note');
    insertSummary(db, { projectId: shared, sessionId: null, promptNumber: null, request: 'r', investigated: '', learned: '', completed: '', nextSteps: '', notes: '', createdAt: NOW, model: null, origin: 'raw' });
    expect(outbox().map((r) => [r.record, r.op])).toEqual([['observation', 'upsert'], ['observation', 'upsert'], ['summary', 'upsert']]);
    expect(outbox().map((r) => r.uid).slice(0, 2)).toEqual([uidOf(before), uidOf(after)]);
    // Re-sharing queues nothing twice.
    expect(shareProject(db, { projectId: shared, remote: 'github.com/acme/app', now: NOW })).toBe(0);
    expect(outbox()).toHaveLength(3);
  });

  it('an edit re-queues once, a local-only column does not, a delete becomes a tombstone', () => {
    shareProject(db, { projectId: shared, remote: 'github.com/acme/app', now: NOW });
    const id = obs(shared, 'v1');
    const ack = () => db.prepare('DELETE FROM team_outbox').run();
    ack();
    db.prepare("UPDATE observations SET related = 'words' WHERE id = ?").run(id);
    expect(outbox()).toEqual([]);
    db.prepare("UPDATE observations SET title = 'v2' WHERE id = ?").run(id);
    db.prepare("UPDATE observations SET title = 'v3' WHERE id = ?").run(id);
    expect(outbox()).toEqual([{ record: 'observation', uid: uidOf(id), op: 'upsert' }]);
    const uid = uidOf(id);
    deleteObservations(db, [id]);
    expect(outbox()).toEqual([{ record: 'observation', uid, op: 'tombstone' }]);
    // Forgetting the whole project is local: it stops sharing and leaves no stray queue rows.
    obs(shared, 'another');
    deleteProject(db, shared);
    expect(outbox()).toEqual([]);
    expect(listSharedProjects(db)).toEqual([]);
  });

  it('batches carry <machine id>/<uid>, clipped to the server limits; unshare empties the queue', () => {
    shareProject(db, { projectId: shared, remote: 'github.com/acme/app', now: NOW });
    const id = obs(shared, 'x'.repeat(5_000), { narrative: 'n'.repeat(100_000) });
    const batch = nextOutboxBatch(db, shared, 500, 1 << 20, fitItem);
    expect(batch.items).toHaveLength(1);
    const item = batch.items[0] as { uid: string; title: string; narrative: string };
    expect(item.uid).toBe(`${teamMachineId(db)}/${uidOf(id)}`);
    expect(item.title.length).toBe(2_000);
    expect(item.narrative.length).toBe(64_000);
    expect(unshareProject(db, shared)).toBe(true);
    expect(outbox()).toEqual([]);
    expect(listSharedProjects(db)).toEqual([]);
  });
});

describe('applying a pull', () => {
  const change = (cursor: number, uid: string, title: string, by = 'alice'): TeamChange => ({
    cursor: String(cursor), by,
    item: { kind: 'observation', uid, type: 'decision', title, subtitle: '', facts: ['f'], narrative: '', concepts: [], filesRead: [], filesModified: [], createdAt: NOW },
  });

  it('adds teammates\' records with their author, idempotently; updates and tombstones apply; nothing is queued back', () => {
    shareProject(db, { projectId: shared, remote: 'github.com/acme/app', now: NOW });
    const page = [change(1, 'm1/evt-1-0', 'use RS256'), change(2, 'm1/evt-1-1', 'cache in redis')];
    expect(applyPull(db, shared, page, '2', NOW)).toMatchObject({ added: 2 });
    expect(applyPull(db, shared, page, '2', NOW)).toMatchObject({ added: 0, updated: 2 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM observations WHERE author = ?').get('alice')).toEqual({ n: 2 });
    applyPull(db, shared, [change(3, 'm1/evt-1-0', 'use EdDSA'), { cursor: '4', by: 'alice', item: { kind: 'tombstone', uid: 'm1/evt-1-1', record: 'observation' } }], '4', NOW);
    expect(db.prepare('SELECT title FROM observations WHERE author IS NOT NULL').all()).toEqual([{ title: 'use EdDSA' }]);
    expect(outbox()).toEqual([]);
    expect(listSharedProjects(db)[0]).toMatchObject({ pullCursor: '4', backlog: 0 });
  });

  it('our own records coming back are left alone', () => {
    shareProject(db, { projectId: shared, remote: 'github.com/acme/app', now: NOW });
    const id = obs(shared, 'mine');
    const r = applyPull(db, shared, [change(1, `${teamMachineId(db)}/${uidOf(id)}`, 'changed by nobody'), change(2, uidOf(id), 'same local uid')], '2', NOW);
    expect(r).toMatchObject({ own: 2, added: 0 });
    expect(db.prepare('SELECT title, author FROM observations').all()).toEqual([{ title: 'mine', author: null }]);
  });
});

describe('a project\'s git remote', () => {
  it('reads origin (else the first remote) from .git/config; none without a remote', () => {
    const repo = realpathSync(mkdtempSync(join(tmpdir(), 'cm-remote-')));
    try {
      expect(gitRemoteUrl(repo)).toBeNull();
      spawnSync('git', ['init', '-q'], { cwd: repo });
      expect(gitRemoteUrl(repo)).toBeNull();
      spawnSync('git', ['remote', 'add', 'upstream', 'https://github.com/Up/App.git'], { cwd: repo });
      expect(gitRemoteUrl(repo)).toEqual({ name: 'upstream', url: 'https://github.com/Up/App.git' });
      spawnSync('git', ['remote', 'add', 'origin', 'git@GitHub.com:Acme/App.git'], { cwd: repo });
      expect(gitRemoteUrl(repo)?.url).toBe('git@GitHub.com:Acme/App.git');
      // A submodule's .git is a file naming its git dir.
      const sub = join(repo, 'sub');
      mkdirSync(join(repo, 'gitdir'), { recursive: true });
      writeFileSync(join(repo, 'gitdir', 'config'), '[remote "origin"]\n\turl = ssh://git@github.com:22/Acme/Lib.git\n');
      mkdirSync(sub);
      writeFileSync(join(sub, '.git'), 'gitdir: ../gitdir\n');
      expect(gitRemoteUrl(sub)?.url).toBe('ssh://git@github.com:22/Acme/Lib.git');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('https, ssh and scp-like forms of one repository normalize to one name', () => {
    const forms = ['git@github.com:Acme/App.git', 'https://GitHub.com/Acme/App', 'ssh://git@github.com:22/Acme/App.git', 'https://user:tok@github.com/Acme/App.git/'];
    expect(new Set(forms.map(normalizeRemote))).toEqual(new Set(['github.com/Acme/App']));
  });
});
