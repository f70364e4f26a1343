// After `import --from-claude-mem`, the original's project names (folder names only) are linked
// to the first git repository of that name a session starts in: the real SessionStart hook
// process with a recorded payload, then the real Claude Code CLI against a fake model.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store';
import { gitRepo, ROOT, runClaude, stopWorkerOf } from '../helpers/claude-cli';
import { allText, startFakeModel, type FakeModel } from '../helpers/claude-fake-model';
import { fixture, hookEnv, runHook } from '../helpers/hook-run';
import { runCli } from '../helpers/search-cli';

const FIX = resolve(__dirname, '../fixtures/claude-mem-13.15.3-datadir');

let tmp: string;
const dataDirs: string[] = [];
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cm-import-start-'));
});
afterAll(async () => {
  for (const d of dataDirs) await stopWorkerOf(d);
  rmSync(tmp, { recursive: true, force: true });
});

/** A data dir holding the original fixture's memories, imported with the real CLI. */
function importedDataDir(name: string): { base: string; dataDir: string } {
  const base = join(tmp, name);
  const dataDir = join(base, 'data');
  dataDirs.push(dataDir);
  mkdirSync(join(base, 'original'), { recursive: true });
  const orig = join(base, 'original', 'claude-mem.db');
  copyFileSync(join(FIX, 'claude-mem.db'), orig);
  chmodSync(orig, 0o600);
  const r = runCli(['import', '--from-claude-mem', orig], { cwd: base, dataDir, env: { CLAUDE_MEM_PROVIDER: 'offline' } });
  expect(r.code, r.stderr).toBe(0);
  return { base, dataDir };
}

/** Titles of the imported observations of one original project, newest first. */
function importedTitles(dataDir: string, name: string): string[] {
  const db = openStore(join(dataDir, 'memory.db'), { readonly: true });
  try {
    return (
      db
        .prepare(
          `SELECT o.title FROM observations o JOIN import_ledger l ON o.uid = l.source || ':observation:' || l.source_id
           WHERE l.kind = 'observation' AND l.project_name = ? ORDER BY o.created_at DESC, o.id DESC`,
        )
        .all(name) as Array<{ title: string }>
    ).map((r) => r.title);
  } finally {
    db.close();
  }
}

async function sessionStart(dataDir: string, run: string, cwd: string, sessionId: string): Promise<string> {
  const payload = { ...fixture('2.1.197', 'SessionStart(startup)', run), cwd, session_id: sessionId };
  const r = await runHook('SessionStart', JSON.stringify(payload), hookEnv(dataDir));
  expect(r.code, r.stderr).toBe(0);
  if (!r.stdout.trim()) return '';
  return (JSON.parse(r.stdout) as { hookSpecificOutput?: { additionalContext?: string } }).hookSpecificOutput?.additionalContext ?? '';
}

describe('imported projects at session start', () => {
  it('the real SessionStart hook links "api-server" to a git repo of that name once; other repos get nothing imported', async () => {
    const { base, dataDir } = importedDataDir('hook');
    const api = importedTitles(dataDir, 'api-server');
    const web = importedTitles(dataDir, 'webapp');
    expect(api.length).toBeGreaterThan(0);

    // A plain folder named like an imported project is not a repository: no link.
    mkdirSync(join(base, 'plain', 'webapp'), { recursive: true });
    const plain = await sessionStart(dataDir, base, join(base, 'plain', 'webapp'), 'p-1');
    for (const t of web) expect(plain).not.toContain(t);

    const unrelated = gitRepo(join(base, 'code', 'billing'));
    const other = await sessionStart(dataDir, base, unrelated, 'u-1');
    expect(other).toContain('no memory recorded yet for project "billing"');
    for (const t of [...api, ...web]) expect(other).not.toContain(t);

    const repo = gitRepo(join(base, 'code', 'api-server'));
    const first = await sessionStart(dataDir, base, repo, 'a-1');
    expect(first).toContain('imported from the original claude-mem as project "api-server" are now linked to this repository');
    expect(first).toContain(api[0]);
    for (const t of web) expect(first).not.toContain(t);

    const second = await sessionStart(dataDir, base, repo, 'a-2');
    expect(second).toContain(api[0]);
    expect(second).not.toContain('now linked');

    const projects = runCli(['projects'], { cwd: base, dataDir });
    expect(projects.stdout).toMatch(new RegExp(`api-server\\s+${api.length}\\s.*${repo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(projects.stdout).toMatch(/webapp\s+\d+.*not yet/);
    const status = runCli(['status'], { cwd: base, dataDir });
    expect(status.stdout).toContain(`"api-server" (${api.length} observations from the original claude-mem) linked to ${repo}`);

    // A wrong guess is fixed by hand: unlink keeps the memories apart and no session relinks them.
    expect(runCli(['projects', 'unlink', 'api-server'], { cwd: base, dataDir }).code).toBe(0);
    const afterUnlink = await sessionStart(dataDir, base, repo, 'a-3');
    expect(afterUnlink).not.toContain(api[0]);
    const elsewhere = gitRepo(join(base, 'work', 'api-server'));
    expect(runCli(['projects', 'link', 'api-server', elsewhere], { cwd: base, dataDir }).code).toBe(0);
    expect(await sessionStart(dataDir, base, elsewhere, 'a-4')).toContain(api[0]);
  }, 240_000);

  describe('with the real Claude Code CLI', () => {
    let fake: FakeModel;
    beforeAll(async () => {
      fake = await startFakeModel();
    });
    afterAll(async () => {
      await fake.close();
    });

    const firstRequestText = (since: number): string => {
      const first = fake.mainLoopRequests().filter((r) => fake.requests.indexOf(r) >= since)[0];
      expect(first, 'a main-loop request reached the fake model').toBeDefined();
      const body = first?.body as { messages: Array<{ content: unknown }> };
      return body.messages.map((m) => allText(m.content)).join('\n');
    };

    it('a session in a repo named api-server receives its imported memory; one in an unrelated repo does not', async () => {
      const { base, dataDir } = importedDataDir('cli');
      const home = join(base, 'home');
      mkdirSync(home, { recursive: true });
      const api = importedTitles(dataDir, 'api-server');
      const repo = gitRepo(join(base, 'code', 'api-server'));
      const other = gitRepo(join(base, 'code', 'unrelated'));

      const mark1 = fake.requests.length;
      const s1 = await runClaude({ prompt: 'Where were we?\n@text api-done', cwd: repo, home, dataDir, modelUrl: fake.url, pluginDir: ROOT });
      expect(s1.code, s1.stderr).toBe(0);
      const seen = firstRequestText(mark1);
      expect(seen).toContain('<claude-mem-context>');
      expect(seen).toContain('now linked to this repository');
      expect(seen).toContain(api[0]);

      const mark2 = fake.requests.length;
      const s2 = await runClaude({ prompt: 'Hello.\n@text other-done', cwd: other, home, dataDir, modelUrl: fake.url, pluginDir: ROOT });
      expect(s2.code, s2.stderr).toBe(0);
      const elsewhere = firstRequestText(mark2);
      for (const t of api) expect(elsewhere).not.toContain(t);
      expect(elsewhere).toContain('no memory recorded yet for project "unrelated"');
    }, 240_000);
  });
});
