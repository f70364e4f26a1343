import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ObservationDraft } from '../../src/contracts';
import { insertObservation, insertSummary, openStore, upsertProject, type Db } from '../../src/store';

/** A temp data dir and a temp git project folder, for search, MCP and CLI tests. */
export function searchSandbox(): { dataDir: string; projectDir: string; dbPath: string } {
  const base = mkdtempSync(join(tmpdir(), 'claude-mem-search-'));
  const dataDir = join(base, 'data');
  const projectDir = join(base, 'proj-alpha');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(join(projectDir, '.git'), { recursive: true });
  return { dataDir, projectDir, dbPath: join(dataDir, 'memory.db') };
}

export function draft(p: Partial<ObservationDraft> & { title: string }): ObservationDraft {
  return {
    type: 'discovery',
    subtitle: '',
    facts: [],
    narrative: '',
    concepts: [],
    filesRead: [],
    filesModified: [],
    ...p,
  };
}

/** Insert observations into a project (by root), one minute apart starting at `start`. */
export function seed(
  db: Db,
  root: string,
  drafts: ObservationDraft[],
  opts: { start?: string; sessionId?: number | null; uidPrefix?: string } = {},
): number[] {
  const projectId = upsertProject(db, root, basename(root), '2025-01-01T00:00:00.000Z');
  const t0 = Date.parse(opts.start ?? '2025-03-01T10:00:00.000Z');
  return drafts.map((d, i) => {
    const id = insertObservation(db, {
      ...d,
      uid: `${opts.uidPrefix ?? 'seed'}-${root}-${i}-${d.title}`,
      projectId,
      sessionId: opts.sessionId ?? null,
      promptNumber: null,
      createdAt: new Date(t0 + i * 60_000).toISOString(),
      model: 'test',
      origin: 'model',
    });
    if (id === undefined) throw new Error(`duplicate seed ${d.title}`);
    return id;
  });
}

export function seedSummary(db: Db, root: string, request: string, createdAt: string): number {
  const projectId = upsertProject(db, root, basename(root), '2025-01-01T00:00:00.000Z');
  const id = insertSummary(db, {
    projectId,
    sessionId: null,
    promptNumber: null,
    request,
    investigated: '',
    learned: 'learned things',
    completed: `completed: ${request}`,
    nextSteps: '',
    notes: '',
    createdAt,
    model: 'test',
    origin: 'model',
  });
  if (id === undefined) throw new Error('duplicate summary');
  return id;
}

export { openStore };
