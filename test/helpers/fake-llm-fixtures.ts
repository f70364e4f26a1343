// Queued events and model answers for the agent tests, shaped like real Claude Code payloads
// (see /work/shared/fixtures).
import type { QueuedEvent } from '../../src/contracts';
import type { Reply } from './fake-llm';

let nextId = 1;

export const CWD = '/home/dev/proj';

export function toolEvent(
  toolName: string,
  toolInput: unknown,
  toolResponse: unknown,
  failed = false,
): QueuedEvent {
  const id = nextId++;
  return {
    id,
    key: `s1:toolu_${id}`,
    sessionId: 1,
    projectId: 1,
    promptNumber: 1,
    payload: { kind: 'tool', toolName, toolInput, toolResponse, failed, cwd: CWD },
    state: 'processing',
    attempts: 0,
    createdAt: '2025-01-01T00:00:00.000Z',
    lastErrorKind: null,
    lastErrorMessage: null,
  };
}

export function turnEnd(lastAssistantMessage: string): QueuedEvent {
  const id = nextId++;
  return {
    id,
    key: `s1:turn_${id}`,
    sessionId: 1,
    projectId: 1,
    promptNumber: 1,
    payload: { kind: 'turn_end', lastAssistantMessage, cwd: CWD },
    state: 'processing',
    attempts: 0,
    createdAt: '2025-01-01T00:00:00.000Z',
    lastErrorKind: null,
    lastErrorMessage: null,
  };
}

/** A small realistic turn: read, edit, a failing then passing test run, the turn's end. */
export function sampleTurn(): QueuedEvent[] {
  return [
    toolEvent(
      'Read',
      { file_path: `${CWD}/src/parser.ts` },
      {
        type: 'text',
        file: { filePath: 'src/parser.ts', content: 'export function parse() {}\n' },
      },
    ),
    toolEvent(
      'Bash',
      { command: 'npm test', description: 'run the tests' },
      'Exit code 1\nFAIL test/parser.test.ts: expected 2, got 1',
      true,
    ),
    toolEvent(
      'Edit',
      { file_path: `${CWD}/src/parser.ts`, old_string: 'a', new_string: 'b' },
      { filePath: 'src/parser.ts' },
    ),
    toolEvent(
      'Bash',
      { command: 'npm test', description: 'run the tests' },
      { stdout: 'Tests 12 passed', stderr: '', interrupted: false },
    ),
    turnEnd('Fixed the off-by-one in parse(); all tests pass.'),
  ];
}

export const GOOD_ANSWER = {
  observations: [
    {
      type: 'bugfix',
      title: 'Fixed off-by-one in parser',
      subtitle: 'parse() dropped the last token',
      facts: [
        'npm test failed with expected 2, got 1',
        'The loop bound in src/parser.ts was < instead of <=',
      ],
      narrative:
        'The parser skipped the last token. Changing the loop bound fixed it; all 12 tests pass.',
      concepts: ['problem-solution', 'gotcha'],
      files_read: [],
      files_modified: ['src/parser.ts'],
    },
  ],
  summary: {
    request: 'Fix the failing parser test',
    investigated: 'src/parser.ts and the test output',
    learned: 'The loop bound was off by one',
    completed: 'Fixed parse(); tests pass',
    next_steps: '',
    notes: '',
  },
};

/**
 * A worker-ready answer to request number `n`: two observations and a summary, titled by `n` so
 * the answers of different batches never merge as near-duplicates.
 */
export function workerAnswer(n: number): Reply {
  const answer = {
    observations: [
      { type: 'discovery', title: `Finding ${n}a`, subtitle: 'from the fake backend', facts: ['a fact'], narrative: 'n', concepts: ['how-it-works'] },
      { type: 'change', title: `Finding ${n}b`, subtitle: 'from the fake backend', facts: [], narrative: '', concepts: [] },
    ],
    summary: { request: 'r', investigated: 'i', learned: 'l', completed: 'c', next_steps: '', notes: '' },
  };
  return { kind: 'text', text: JSON.stringify(answer), inputTokens: 200, outputTokens: 80 };
}
