// Recall per prompt: the real UserPromptSubmit hook (dist/bin/hook.js, a child process) adds the
// stored observations that match the prompt as additionalContext, within
// CLAUDE_MEM_PROMPT_CONTEXT_TOKENS, never from another project and never twice in a session
// (session start included).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveProject } from '../../src/config';
import { acquireLock, insertObservation, openStore, upsertProject, type ProcessLock } from '../../src/store';
import { hookEnv, runHook } from '../helpers/hook-run';

let run: string;
let dataDir: string;
let here: string;
let elsewhere: string;
let lock: ProcessLock | undefined;

beforeEach(() => {
  run = mkdtempSync(join(tmpdir(), 'cm-recall-'));
  dataDir = join(run, 'data');
  here = join(run, 'alpha');
  elsewhere = join(run, 'beta');
  for (const d of [dataDir, here, elsewhere]) mkdirSync(d, { recursive: true, mode: 0o700 });
  // Hold the worker lock, so SessionStart sees a running worker and starts none.
  lock = acquireLock(join(dataDir, 'worker.lock'));
});

afterEach(() => {
  lock?.release();
  rmSync(run, { recursive: true, force: true });
});

function seed(cwd: string, title: string, facts: string[], createdAt = '2026-01-05T10:00:00.000Z'): number {
  const db = openStore(join(dataDir, 'memory.db'));
  try {
    const p = resolveProject(cwd);
    const projectId = upsertProject(db, p.root, p.name, createdAt);
    const id = insertObservation(db, {
      projectId,
      sessionId: null,
      promptNumber: null,
      type: 'discovery',
      title,
      subtitle: '',
      facts,
      narrative: '',
      concepts: [],
      filesRead: [],
      filesModified: [],
      createdAt,
      model: null,
      origin: 'manual',
    });
    if (id === undefined) throw new Error('not inserted');
    return id;
  } finally {
    db.close();
  }
}

const prompt = (cwd: string, text: string, session = 'sess-1') =>
  JSON.stringify({ session_id: session, transcript_path: join(run, 't.jsonl'), cwd, hook_event_name: 'UserPromptSubmit', prompt: text });

async function recallFor(cwd: string, text: string, env = hookEnv(dataDir), session = 'sess-1'): Promise<string> {
  const r = await runHook('UserPromptSubmit', prompt(cwd, text, session), env);
  expect(r.code).toBe(0);
  if (r.stdout === '') return '';
  const answer = JSON.parse(r.stdout) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } };
  expect(answer.hookSpecificOutput.hookEventName).toBe('UserPromptSubmit');
  return answer.hookSpecificOutput.additionalContext;
}

describe('UserPromptSubmit recall (dist/bin/hook.js)', () => {
  it('injects a stored record that matches the prompt, with its facts', async () => {
    const id = seed(here, 'Payment webhook retries use exponential backoff', ['retries capped at 5 attempts']);
    seed(here, 'Login page colours changed to blue', ['css variables in theme.ts']);
    const text = await recallFor(here, 'why does the payment webhook retry so often?');
    expect(text).toContain(`#${id} `);
    expect(text).toContain('retries capped at 5 attempts');
    expect(text).not.toContain('Login page');
  });

  it('never injects a record of another project', async () => {
    seed(elsewhere, 'Payment webhook retries use exponential backoff', ['beta only']);
    const text = await recallFor(here, 'payment webhook retries');
    expect(text).toBe('');
  });

  it('never injects the same record twice in a session, session start included', async () => {
    const shownAtStart = seed(here, 'Cache invalidation runs on deploy', ['redis keys flushed'], '2026-01-06T10:00:00.000Z');
    const other = seed(here, 'Cache warmup script for deploy', ['warms top 100 pages'], '2026-01-01T10:00:00.000Z');
    const env = hookEnv(dataDir, { CLAUDE_MEM_CONTEXT_OBSERVATIONS: '1' });
    const start = await runHook(
      'SessionStart',
      JSON.stringify({ session_id: 'sess-1', transcript_path: join(run, 't.jsonl'), cwd: here, hook_event_name: 'SessionStart', source: 'startup' }),
      env,
    );
    expect(start.stdout).toContain(`#${shownAtStart} `);
    const first = await recallFor(here, 'cache deploy', env);
    expect(first).toContain(`#${other} `);
    expect(first).not.toContain(`#${shownAtStart} `);
    expect(await recallFor(here, 'cache deploy again', env)).toBe('');
    // Another session may be given it again.
    expect(await recallFor(here, 'cache deploy', env, 'sess-2')).toContain(`#${shownAtStart} `);
  });

  it('injects nothing when CLAUDE_MEM_PROMPT_CONTEXT_TOKENS is 0, and still records the prompt', async () => {
    seed(here, 'Payment webhook retries use exponential backoff', ['retries capped at 5 attempts']);
    const text = await recallFor(here, 'payment webhook retries', hookEnv(dataDir, { CLAUDE_MEM_PROMPT_CONTEXT_TOKENS: '0' }));
    expect(text).toBe('');
    const db = openStore(join(dataDir, 'memory.db'), { readonly: true });
    try {
      expect(db.prepare(`SELECT text FROM prompts`).all()).toEqual([{ text: 'payment webhook retries' }]);
    } finally {
      db.close();
    }
  });
});
