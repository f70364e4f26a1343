// Raw observations: the deterministic record kept when no model is used or its answer is unusable.
import { describe, expect, it } from 'vitest';
import { buildRawObservations, buildRawSummary, createAgent } from '../../src/agent';
import { createMemoryLogger } from '../../src/log';
import { CWD, sampleTurn, toolEvent, turnEnd } from '../helpers/fake-llm-fixtures';

describe('buildRawObservations', () => {
  it('one observation per tool event, titled by what ran, typed by tool', () => {
    const obs = buildRawObservations(sampleTurn());
    expect(obs.map((o) => [o.type, o.title])).toEqual([
      ['discovery', 'Read src/parser.ts'],
      ['discovery', 'Bash: npm test (exit 1)'],
      ['change', 'Edited src/parser.ts'],
      ['discovery', 'Bash: npm test'],
    ]);
    expect(obs[1]!.facts).toEqual([
      'Command: npm test',
      'Exit code: 1',
      'Error: Exit code 1\nFAIL test/parser.test.ts: expected 2, got 1',
    ]);
    expect(obs[1]!.subtitle).toBe('run the tests');
    expect(obs[0]).toMatchObject({ filesRead: ['src/parser.ts'], filesModified: [] });
    expect(obs[2]).toMatchObject({ filesRead: [], filesModified: ['src/parser.ts'] });
  });

  it('is deterministic and caps output excerpts', () => {
    const events = [toolEvent('Bash', { command: 'cat huge' }, { stdout: 'q'.repeat(50_000) })];
    expect(buildRawObservations(events)).toEqual(buildRawObservations(events));
    const fact = buildRawObservations(events)[0]!.facts.find((f) => f.startsWith('Output:'))!;
    expect(fact.length).toBeLessThan(700);
    expect(fact).toMatch(/chars elided/);
  });

  it('names files for every file tool and keeps paths outside the project absolute', () => {
    const titles = buildRawObservations([
      toolEvent('Write', { file_path: `${CWD}/a.md`, content: 'x' }, {}),
      toolEvent('MultiEdit', { file_path: `${CWD}/b.ts`, edits: [{}, {}] }, {}),
      toolEvent('NotebookEdit', { notebook_path: `${CWD}/n.ipynb`, new_source: '' }, {}),
      toolEvent('Grep', { pattern: 'TODO', path: `${CWD}/src` }, 'src/a.ts:1: TODO'),
      toolEvent('Glob', { pattern: '**/*.ts' }, ''),
      toolEvent('Read', { file_path: '/etc/hosts' }, ''),
      toolEvent('WebFetch', { url: 'https://example.com/doc' }, ''),
      toolEvent('mcp__db__query', { sql: 'select 1' }, '1', true),
    ]).map((o) => o.title);
    expect(titles).toEqual([
      'Wrote a.md',
      'Edited b.ts (2 edits)',
      'Edited n.ipynb',
      'Searched for "TODO" in src',
      'Listed files matching "**/*.ts"',
      'Read /etc/hosts',
      'Fetched https://example.com/doc',
      'mcp__db__query (failed)',
    ]);
  });

  it('a turn end yields no observation', () => {
    expect(buildRawObservations([turnEnd('bye')])).toEqual([]);
  });
});

describe('buildRawSummary', () => {
  it('summarizes request, reads, commands, changes and the last answer', () => {
    expect(buildRawSummary('Fix the parser', sampleTurn())).toEqual({
      request: 'Fix the parser',
      investigated: 'Ran: npm test; npm test',
      learned: '',
      completed: 'Fixed the off-by-one in parse(); all tests pass.; Modified: src/parser.ts; 4 tool calls (1 failed)',
      nextSteps: '',
      notes: '',
    });
  });
});

describe('offline provider', () => {
  it('makes no network call and keeps everything raw', async () => {
    const calls: string[] = [];
    const agent = createAgent(
      { provider: 'offline', model: 'offline' },
      {
        logger: createMemoryLogger(),
        settings: {
          CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS: 4_000,
          CLAUDE_MEM_BATCH_MAX_CHARS: 40_000,
          CLAUDE_MEM_REDACT_SECRETS: true,
        },
        fetch: (async (u: string) => {
          calls.push(String(u));
          throw new Error('no network expected');
        }) as unknown as typeof fetch,
      },
    );
    const res = await agent.compress({
      project: 'p',
      userPrompt: 'Fix the parser',
      events: sampleTurn(),
      summarize: true,
    });
    expect(calls).toEqual([]);
    expect(res).toEqual({
      ok: true,
      origin: 'raw',
      observations: buildRawObservations(sampleTurn()),
      summary: buildRawSummary('Fix the parser', sampleTurn()),
      model: 'offline',
      inputTokens: 0,
      outputTokens: 0,
    });
  });
});
