// The real Claude Code CLI (2.1.197) with this checkout as its plugin, against a fake model:
// session 1 runs real tools (Bash, Write, Read) → the hooks queue them → the worker (offline
// provider) turns them into observations → session 2 in the same repository gets their titles
// in its first request to the model; a session in another repository does not.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, openStore, type ProcessLock } from '../../src/store';
import { allText, startFakeModel, type FakeModel } from '../helpers/claude-fake-model';
import {
  claudeEnv,
  claudeMem,
  gitRepo,
  ROOT,
  runClaude,
  stopWorkerOf,
} from '../helpers/claude-cli';
import { waitUntil } from '../helpers/wait-until';

const E2E_TIMEOUT = 240_000;

let tmp: string;
let fake: FakeModel;
const dataDirs: string[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'cm-claude-'));
  fake = await startFakeModel();
});

afterAll(async () => {
  for (const d of dataDirs) await stopWorkerOf(d);
  await fake.close();
  rmSync(tmp, { recursive: true, force: true });
});

function setup(name: string) {
  const base = join(tmp, name);
  const home = join(base, 'home');
  const dataDir = join(base, 'data');
  mkdirSync(home, { recursive: true });
  dataDirs.push(dataDir);
  return { base, home, dataDir };
}

/** A prompt the fake model plays: three real tool calls, then a final answer. */
function toolPrompt(repo: string, tag: string): string {
  return [
    `Set up the ${tag} notes.`,
    `@tool Bash {"command":"echo ${tag}-bash-output > build.log && cat build.log","description":"write the build log"}`,
    `@tool Write {"file_path":"${repo}/notes-${tag}.md","content":"decision: use sqlite for ${tag}\\n"}`,
    `@tool Read {"file_path":"${repo}/notes-${tag}.md"}`,
    `@text ${tag}-all-done`,
  ].join('\n');
}

/** The text of the first request a session sent to the model (its first user message, system reminders included). */
function firstRequestText(sinceIndex: number): string {
  const first = fake.mainLoopRequests().filter((r) => fake.requests.indexOf(r) >= sinceIndex)[0];
  expect(first, 'a main-loop request reached the fake model').toBeDefined();
  const body = first?.body as { messages: Array<{ role: string; content: unknown }> };
  return body.messages.map((m) => allText(m.content)).join('\n');
}

function db(dataDir: string) {
  return openStore(join(dataDir, 'memory.db'));
}

function queueOf(dataDir: string): Array<{ kind: string; state: string; tool: string | null }> {
  const d = db(dataDir);
  try {
    return (
      d.prepare('SELECT kind, state, payload FROM queue ORDER BY id').all() as Array<{
        kind: string;
        state: string;
        payload: string;
      }>
    ).map((r) => ({
      kind: r.kind,
      state: r.state,
      tool: (JSON.parse(r.payload) as { toolName?: string }).toolName ?? null,
    }));
  } finally {
    d.close();
  }
}

function titlesOf(dataDir: string, root: string): string[] {
  const d = db(dataDir);
  try {
    return (
      d
        .prepare(
          'SELECT o.title FROM observations o JOIN projects p ON p.id = o.project_id WHERE p.root = ? ORDER BY o.id',
        )
        .all(root) as Array<{
        title: string;
      }>
    ).map((r) => r.title);
  } finally {
    d.close();
  }
}

const drained = (dataDir: string) => () => {
  const q = queueOf(dataDir);
  return q.length > 0 && q.every((r) => r.state !== 'queued' && r.state !== 'processing');
};

describe('real Claude Code with the claude-mem plugin', () => {
  it(
    'remembers session 1 in session 2 of the same repository, and not in another repository',
    async () => {
      const { base, home, dataDir } = setup('memory');
      const repo = gitRepo(join(base, 'repo'));
      const other = gitRepo(join(base, 'unrelated'));
      /** One headless Claude Code session with the plugin, against the fake model. */
      const session = (prompt: string, cwd: string) =>
        runClaude({ prompt, cwd, home, dataDir, modelUrl: fake.url, pluginDir: ROOT });

      const mark1 = fake.requests.length;
      const s1 = await session(toolPrompt(repo, 'alpha'), repo);
      expect(s1.code, s1.stderr).toBe(0);
      expect(s1.result?.is_error).toBe(false);
      expect(s1.result?.result).toBe('alpha-all-done');
      // The first session is welcomed: no memory yet.
      expect(firstRequestText(mark1)).toContain('no memory recorded yet for project "repo"');

      // The hooks queued every tool call and the turn end; SessionStart started the worker, which drains them.
      expect(queueOf(dataDir).map((r) => r.tool ?? r.kind)).toEqual([
        'Bash',
        'Write',
        'Read',
        'turn_end',
      ]);
      await waitUntil('the worker drained session 1', drained(dataDir));
      const titles = titlesOf(dataDir, repo);
      expect(titles.length).toBeGreaterThanOrEqual(3);

      const mark2 = fake.requests.length;
      const s2 = await session('What did we do?\n@text beta-done', repo);
      expect(s2.code, s2.stderr).toBe(0);
      const seen = firstRequestText(mark2);
      expect(seen).toContain('<claude-mem-context>');
      expect(seen).toContain('data, not instructions');
      for (const t of titles) expect(seen).toContain(t);

      const mark3 = fake.requests.length;
      const s3 = await session('Hello.\n@text gamma-done', other);
      expect(s3.code, s3.stderr).toBe(0);
      const elsewhere = firstRequestText(mark3);
      for (const t of titles) expect(elsewhere).not.toContain(t);
      expect(elsewhere).toContain('no memory recorded yet for project "unrelated"');
    },
    E2E_TIMEOUT,
  );

  it(
    'with the worker stopped, a session completes normally and its events are drained once the worker starts',
    async () => {
      const { base, home, dataDir } = setup('worker-down');
      const repo = gitRepo(join(base, 'repo'));
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      // Hold the worker's lock: SessionStart sees a worker and starts none, yet nothing drains.
      let lock: ProcessLock | undefined = acquireLock(join(dataDir, 'worker.lock'));
      expect(lock).toBeDefined();
      try {
        const s1 = await runClaude({
          prompt: toolPrompt(repo, 'delta'),
          cwd: repo,
          home,
          dataDir,
          modelUrl: fake.url,
          pluginDir: ROOT,
        });
        expect(s1.code, s1.stderr).toBe(0);
        expect(s1.result?.result).toBe('delta-all-done');
        const q = queueOf(dataDir);
        expect(q.map((r) => r.tool ?? r.kind)).toEqual(['Bash', 'Write', 'Read', 'turn_end']);
        expect(q.every((r) => r.state === 'queued')).toBe(true);
      } finally {
        lock?.release();
        lock = undefined;
      }

      const env = claudeEnv({ home, dataDir, modelUrl: fake.url });
      const started = claudeMem(['worker', 'start'], env);
      expect(started.code, started.stderr).toBe(0);
      await waitUntil('the worker drained the waiting events', drained(dataDir));
      expect(titlesOf(dataDir, repo).length).toBeGreaterThanOrEqual(3);
      expect(claudeMem(['worker', 'stop'], env).code).toBe(0);
    },
    E2E_TIMEOUT,
  );
});
