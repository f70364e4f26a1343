import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompressInput, CompressResult, MemoryAgent } from '../../src/agent';
import type { ObservationDraft } from '../../src/contracts';
import { enqueueEvent, openStore, recordPrompt, upsertProject, upsertSession, type Db } from '../../src/store';

/** A temp data dir with a migrated database: what every worker test starts from. */
export function tempStore(prefix = 'cm-worker-'): { dir: string; db: Db; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = openStore(join(dir, 'memory.db'));
  return {
    dir,
    db,
    cleanup() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One session of one project, for tests that add turns and events. */
export function seedSession(db: Db, now: string, name = 'proj', hostSessionId = 'sess-1') {
  const projectId = upsertProject(db, `/work/${name}`, name, now);
  const session = upsertSession(db, { host: 'claude-code', hostSessionId, projectId, cwd: `/work/${name}`, now });
  return { projectId, sessionId: session.id };
}

/**
 * Open a turn (a user prompt) and queue `tools` tool events in it, plus a `turn_end` when asked.
 * Returns the prompt number. `outputChars` pads each tool response to size batches.
 */
export function addTurn(
  db: Db,
  s: { projectId: number; sessionId: number },
  opts: { now: string; tools: number; turnEnd?: boolean; prompt?: string; outputChars?: number; keyPrefix?: string },
): number {
  const promptNumber = recordPrompt(db, { sessionId: s.sessionId, projectId: s.projectId, text: opts.prompt ?? 'do the thing', now: opts.now });
  const prefix = opts.keyPrefix ?? `s${s.sessionId}`;
  for (let i = 0; i < opts.tools; i++) {
    enqueueEvent(db, {
      key: `${prefix}:p${promptNumber}:tool${i}`,
      sessionId: s.sessionId,
      projectId: s.projectId,
      promptNumber,
      payload: {
        kind: 'tool',
        toolName: i % 2 ? 'Edit' : 'Read',
        toolInput: { file_path: `/work/src/file${i}.ts` },
        toolResponse: 'x'.repeat(opts.outputChars ?? 20),
        failed: false,
        cwd: '/work',
      },
      now: opts.now,
    });
  }
  if (opts.turnEnd) {
    enqueueEvent(db, {
      key: `${prefix}:p${promptNumber}:end`,
      sessionId: s.sessionId,
      projectId: s.projectId,
      promptNumber,
      payload: { kind: 'turn_end', lastAssistantMessage: 'done', cwd: '/work' },
      now: opts.now,
    });
  }
  return promptNumber;
}

export function draft(title: string): ObservationDraft {
  return { type: 'change', title, subtitle: '', facts: [], narrative: '', concepts: [], filesRead: [], filesModified: [] };
}

/** A successful model answer: one observation per tool event, and a summary when asked. */
export function okModel(input: CompressInput): CompressResult {
  return {
    ok: true,
    origin: 'model',
    observations: input.events.filter((e) => e.payload.kind === 'tool').map((e) => draft(`obs for event ${e.id}`)),
    ...(input.summarize
      ? { summary: { request: input.userPrompt, investigated: '', learned: '', completed: 'ok', nextSteps: '', notes: '' } }
      : {}),
    model: 'fake-model',
    inputTokens: 100,
    outputTokens: 20,
  };
}

type Step = CompressResult | ((input: CompressInput) => CompressResult | Promise<CompressResult>);

/** A scripted MemoryAgent: answers from `script` in order, then with `fallback`; records every call. */
export function fakeAgent(script: Step[] = [], fallback: Step = okModel): MemoryAgent & { calls: CompressInput[] } {
  const calls: CompressInput[] = [];
  const queue = [...script];
  return {
    provider: 'claude',
    model: 'fake-model',
    calls,
    async compress(input) {
      calls.push(input);
      const step = queue.shift() ?? fallback;
      return typeof step === 'function' ? step(input) : step;
    },
  };
}
