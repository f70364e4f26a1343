// What users tune at session start (CLAUDE_MEM_CONTEXT_*): types and concepts in or out, last N
// sessions, expanded newest observations, the last summary; and the notes' language.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemPrompt } from '../../src/agent/prompt';
import { loadHookSettings, type Paths } from '../../src/config';
import { buildSessionContext, contextTuning } from '../../src/context';
import { insertObservation, insertSummary, openStore, upsertProject, upsertSession, type Db } from '../../src/store';

let dir: string;
let db: Db;
const project = { root: '/work/tuned', name: 'tuned' };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-tuning-'));
  db = openStore(join(dir, 'memory.db'));
  const projectId = upsertProject(db, project.root, project.name, '2026-01-01T00:00:00.000Z');
  const sessions = [1, 2, 3].map(
    (d) => upsertSession(db, { host: 't', hostSessionId: `s${d}`, projectId, cwd: project.root, now: `2026-01-0${d}T09:00:00.000Z` }).id,
  );
  const obs = (day: number, type: 'bugfix' | 'decision' | 'change', concepts: string[], title: string) =>
    insertObservation(db, {
      projectId,
      sessionId: sessions[day - 1] ?? null,
      promptNumber: 1,
      createdAt: `2026-01-0${day}T10:00:00.000Z`,
      model: null,
      origin: 'manual',
      type,
      title,
      subtitle: '',
      facts: [`fact of ${title}`],
      narrative: `story of ${title}`,
      concepts,
      filesRead: [],
      filesModified: [],
    });
  obs(1, 'bugfix', ['gotcha'], 'Day one bugfix');
  obs(2, 'decision', ['trade-off'], 'Day two decision');
  obs(3, 'change', ['what-changed'], 'Day three change');
  insertSummary(db, {
    sessionId: sessions[2] ?? 0,
    projectId,
    promptNumber: 1,
    request: 'Tune the memory',
    investigated: '',
    learned: '',
    completed: 'Done it',
    nextSteps: '',
    notes: '',
    createdAt: '2026-01-03T11:00:00.000Z',
    model: null,
    origin: 'manual',
  });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const render = (env: Record<string, string>) =>
  buildSessionContext(db, project, {
    maxTokens: 2_000,
    maxObservations: 50,
    timeZone: 'UTC',
    tuning: contextTuning(loadHookSettings({ settingsPath: join(dir, 'none.json') } as Paths, env)),
  });

describe('session-start tuning', () => {
  it('by default lists every observation and the last summary, titles only', () => {
    const text = render({});
    expect(text).toContain('Day one bugfix');
    expect(text).toContain('Day three change');
    expect(text).toContain('Request: Tune the memory');
    expect(text).not.toContain('fact of');
  });

  it('includes and excludes types and concepts (values as the original writes them: strings)', () => {
    expect(render({ CLAUDE_MEM_CONTEXT_OBSERVATION_TYPES: 'bugfix, decision' })).not.toContain('Day three');
    const noBugfix = render({ CLAUDE_MEM_CONTEXT_EXCLUDE_TYPES: 'bugfix' });
    expect(noBugfix).not.toContain('Day one');
    expect(noBugfix).toContain('Day two');
    const onlyTradeOff = render({ CLAUDE_MEM_CONTEXT_OBSERVATION_CONCEPTS: 'trade-off' });
    expect(onlyTradeOff).toContain('Day two');
    expect(onlyTradeOff).not.toContain('Day one');
    expect(render({ CLAUDE_MEM_CONTEXT_EXCLUDE_CONCEPTS: 'gotcha,what-changed' })).not.toMatch(/Day (one|three)/);
  });

  it('limits observations to the last N sessions, and hides the summary when asked', () => {
    const text = render({ CLAUDE_MEM_CONTEXT_SESSION_COUNT: '2', CLAUDE_MEM_CONTEXT_SHOW_LAST_SUMMARY: 'false' });
    expect(text).toContain('Day two');
    expect(text).not.toContain('Day one');
    expect(text).not.toContain('Tune the memory');
  });

  it('expands the newest N observations with their facts or narrative', () => {
    const facts = render({ CLAUDE_MEM_CONTEXT_FULL_COUNT: '1' });
    expect(facts).toContain('  - fact of Day three change');
    expect(facts).not.toContain('fact of Day two');
    expect(render({ CLAUDE_MEM_CONTEXT_FULL_COUNT: '2', CLAUDE_MEM_CONTEXT_FULL_FIELD: 'narrative' })).toContain('story of Day two decision');
  });
});

describe('CLAUDE_MEM_LANGUAGE', () => {
  it('asks the memory agent for notes in that language, keeping keywords as they are', () => {
    expect(systemPrompt(true, 'German')).toContain('Write every title, subtitle, fact, narrative and summary field in German.');
    expect(systemPrompt(true, '')).not.toContain('Write every title');
    expect(systemPrompt(false, 'English')).not.toContain('Write every title');
  });
});
