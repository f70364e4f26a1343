// A seeded, deterministic synthetic workload: coding sessions made of turns (a prompt, tool uses,
// a Stop), shaped like what Claude Code sends our hooks, and observation/summary drafts for
// seeding stores. Same seed → same bytes, so two runs measure the same work.
import {
  CONCEPTS,
  OBSERVATION_TYPES,
  type ObservationDraft,
  type ObservationType,
  type SummaryDraft,
} from '../src/contracts';
import { createRng, type Rng } from './lib/rng';
import {
  codeLines,
  filePath,
  FILES,
  ident,
  MODULES,
  NOUNS,
  PROBLEMS,
  VERBS,
} from './lib/vocabulary';

export { createRng, type Rng } from './lib/rng';
export { MODULES } from './lib/vocabulary';

/** One tool use as Claude Code reports it in PostToolUse. */
export interface ToolEvent {
  toolName: 'Bash' | 'Read' | 'Edit' | 'Write' | 'Grep';
  toolUseId: string;
  toolInput: Record<string, unknown>;
  toolResponse: Record<string, unknown>;
}

export interface Turn {
  prompt: string;
  events: ToolEvent[];
  lastAssistantMessage: string;
}

export interface Session {
  sessionId: string;
  turns: Turn[];
}

/** Output lengths are heavy-tailed: mostly short, sometimes a whole test run or a large file. */
function outputLines(rng: Rng): number {
  const r = rng.next();
  if (r < 0.5) return rng.int(1, 20);
  if (r < 0.85) return rng.int(20, 150);
  if (r < 0.97) return rng.int(150, 600);
  return rng.int(600, 2500);
}

function bashEvent(rng: Rng): Pick<ToolEvent, 'toolInput' | 'toolResponse'> {
  const mod = rng.zipf(MODULES);
  const kind = rng.next();
  let command: string;
  let stdout: string;
  let stderr = '';
  if (kind < 0.3) {
    command = rng.chance(0.5) ? 'npm test' : `npx vitest run test/${mod}`;
    const n = outputLines(rng);
    const lines = Array.from({ length: n }, (_, i) =>
      rng.chance(0.06)
        ? ` FAIL  test/${mod}/${rng.zipf(FILES)}.test.ts > ${ident(rng)} handles ${rng.zipf(PROBLEMS)}\n   AssertionError: expected ${rng.int(0, 99)} to be ${rng.int(0, 99)}`
        : ` ✓ test/${rng.zipf(MODULES)}/${rng.zipf(FILES)}.test.ts (${rng.int(1, 40)} tests) ${rng.int(3, 900)}ms #${i}`,
    );
    stdout = `${lines.join('\n')}\n Test Files  ${n} passed\n      Tests  ${n * 7} passed`;
  } else if (kind < 0.5) {
    command = rng.pick([
      'git status',
      'git diff --stat',
      'git log --oneline -20',
      `git diff src/${mod}`,
    ]);
    stdout = Array.from(
      { length: outputLines(rng) },
      () =>
        ` src/${rng.zipf(MODULES)}/${rng.zipf(FILES)}.ts | ${rng.int(1, 80)} ${'+'.repeat(rng.int(1, 20))}`,
    ).join('\n');
  } else if (kind < 0.7) {
    command = rng.pick(['npx tsc --noEmit', 'npm run build', 'npm run lint']);
    stdout = rng.chance(0.6)
      ? ''
      : Array.from(
          { length: rng.int(1, 40) },
          () =>
            `src/${rng.zipf(MODULES)}/${rng.zipf(FILES)}.ts(${rng.int(1, 400)},${rng.int(1, 80)}): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.`,
        ).join('\n');
    if (stdout) stderr = 'Process exited with code 2';
  } else {
    command = rng.pick([
      `ls -la src/${mod}`,
      'cat package.json',
      `wc -l src/${mod}/*.ts`,
      'node --version',
      `curl -s http://127.0.0.1:3000/health`,
    ]);
    stdout = Array.from(
      { length: rng.int(1, 30) },
      () =>
        `-rw-r--r-- 1 dev dev ${rng.int(100, 20000)} Mar ${rng.int(1, 28)} ${rng.zipf(FILES)}.ts`,
    ).join('\n');
  }
  return {
    toolInput: { command, description: `Run ${command.split(' ')[0]}` },
    toolResponse: { stdout, stderr, interrupted: false, isImage: false, noOutputExpected: false },
  };
}

function toolEvent(rng: Rng, root: string, toolUseId: string): ToolEvent {
  const r = rng.next();
  const path = filePath(rng, root);
  const rel = path.slice(root.length + 1);
  if (r < 0.35) return { toolName: 'Bash', toolUseId, ...bashEvent(rng) };
  if (r < 0.65) {
    const n = outputLines(rng);
    return {
      toolName: 'Read',
      toolUseId,
      toolInput: { file_path: path },
      toolResponse: {
        type: 'text',
        file: {
          filePath: rel,
          content: codeLines(rng, n),
          numLines: n,
          startLine: 1,
          totalLines: n,
        },
      },
    };
  }
  if (r < 0.85) {
    const oldString = codeLines(rng, rng.int(1, 6));
    const newString = codeLines(rng, rng.int(1, 10));
    return {
      toolName: 'Edit',
      toolUseId,
      toolInput: {
        file_path: path,
        old_string: oldString,
        new_string: newString,
        replace_all: false,
      },
      toolResponse: {
        filePath: path,
        oldString,
        newString,
        structuredPatch: [
          {
            oldStart: rng.int(1, 300),
            oldLines: 3,
            newStart: 1,
            newLines: 4,
            lines: newString.split('\n').map((l) => `+${l}`),
          },
        ],
        userModified: false,
        replaceAll: false,
      },
    };
  }
  if (r < 0.92) {
    const content = codeLines(rng, rng.int(10, 200));
    return {
      toolName: 'Write',
      toolUseId,
      toolInput: { file_path: path, content },
      toolResponse: {
        type: rng.chance(0.5) ? 'create' : 'update',
        filePath: path,
        content,
        structuredPatch: [],
        originalFile: null,
        userModified: false,
      },
    };
  }
  const pattern = ident(rng);
  const hits = Array.from(
    { length: rng.int(0, 60) },
    () => `src/${rng.zipf(MODULES)}/${rng.zipf(FILES)}.ts`,
  );
  return {
    toolName: 'Grep',
    toolUseId,
    toolInput: { pattern, path: `${root}/src`, output_mode: 'files_with_matches' },
    toolResponse: { mode: 'files_with_matches', filenames: hits, numFiles: hits.length },
  };
}

const PROMPTS = [
  (m: string, p: string) => `Fix the ${p} in the ${m} module and add a regression test.`,
  (m: string) => `Add pagination to the ${m} listing endpoint.`,
  (m: string) => `Why does the ${m} worker retry forever when the database is locked?`,
  (m: string) => `Refactor ${m}/client.ts so the timeout is configurable.`,
  (m: string, p: string) => `The CI run fails with a ${p}; find out why and fix it.`,
  (m: string) => `Write docs for how the ${m} cache is invalidated.`,
];

/** Events per turn: a mixture of quick questions, ordinary edits and long debugging turns (mean ≈ 10). */
function eventsPerTurn(rng: Rng): number {
  const r = rng.next();
  if (r < 0.3) return rng.int(1, 3);
  if (r < 0.8) return rng.int(4, 12);
  return rng.int(13, 40);
}

/** Sessions holding about `toolEvents` tool uses in total, each turn ending with a Stop. */
export function generateSessions(seed: number, root: string, toolEvents: number): Session[] {
  const rng = createRng(seed);
  const sessions: Session[] = [];
  let made = 0;
  for (let s = 0; made < toolEvents; s++) {
    const sessionId = uuidFrom(rng);
    const turns: Turn[] = [];
    const turnCount = rng.int(2, 12);
    for (let t = 0; t < turnCount && made < toolEvents; t++) {
      const n = Math.min(eventsPerTurn(rng), toolEvents - made);
      const events = Array.from({ length: n }, (_, i) =>
        toolEvent(rng, root, `toolu_bench_${s}_${t}_${i}`),
      );
      made += n;
      const prompt = rng.pick(PROMPTS)(rng.zipf(MODULES), rng.zipf(PROBLEMS));
      turns.push({
        prompt,
        events,
        lastAssistantMessage: `Done: ${prompt.toLowerCase()} (${n} steps).`,
      });
    }
    sessions.push({ sessionId, turns });
  }
  return sessions;
}

function uuidFrom(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Hook payloads exactly as Claude Code writes them on stdin (see /work/shared/fixtures). */
export const payloads = {
  sessionStart: (sessionId: string, cwd: string) => ({
    session_id: sessionId,
    transcript_path: `${cwd}/.transcripts/${sessionId}.jsonl`,
    cwd,
    hook_event_name: 'SessionStart',
    source: 'startup',
  }),
  postToolUse: (sessionId: string, cwd: string, e: ToolEvent) => ({
    session_id: sessionId,
    transcript_path: `${cwd}/.transcripts/${sessionId}.jsonl`,
    cwd,
    permission_mode: 'default',
    hook_event_name: 'PostToolUse',
    tool_name: e.toolName,
    tool_input: e.toolInput,
    tool_response: e.toolResponse,
    tool_use_id: e.toolUseId,
    duration_ms: 40,
  }),
};

const TYPES: readonly ObservationType[] = OBSERVATION_TYPES;

/** An observation as the model would write it about a turn in one module. */
export function generateObservation(rng: Rng, root: string): ObservationDraft {
  const mod = rng.zipf(MODULES);
  const problem = rng.zipf(PROBLEMS);
  const type = rng.pick(TYPES);
  const fn = ident(rng);
  const noun = () => rng.zipf(NOUNS);
  const files = Array.from({ length: rng.int(1, 4) }, () => filePath(rng, root));
  const title = rng.pick([
    `Fixed ${problem} in ${mod}`,
    `${mod}: ${fn} now handles ${noun()} ${rng.pick(['timeouts', 'retries', 'empty input', 'unicode', 'overflow', 'cancellation'])}`,
    `How ${mod} ${rng.zipf(VERBS)}s each ${noun()}`,
    `Moved ${noun()} handling from ${mod} to ${rng.zipf(MODULES)}`,
    `${fn} skipped the ${noun()} ${noun()} check`,
    `Added ${noun()} ${noun()} to ${mod}`,
  ]);
  const sentence = () =>
    rng.pick([
      () =>
        `The ${noun()} ${rng.pick(['hit', 'avoided', 'exposed', 'caused'])} a ${rng.zipf(PROBLEMS)} when ${rng.zipf(VERBS)}ing the ${noun()}.`,
      () => `${fn} ${rng.zipf(VERBS)}s the ${noun()} before the ${noun()} is ${rng.zipf(VERBS)}ed.`,
      () => `${mod} keeps one ${noun()} per ${noun()}, so ${rng.zipf(VERBS)}ing twice is safe.`,
      () =>
        `A ${noun()} of ${rng.int(1, 500)} ${rng.pick(['ms', 'rows', 'bytes', 'retries'])} was too ${rng.pick(['small', 'large', 'slow', 'eager'])} for ${rng.zipf(MODULES)}.`,
      () => `Tests in ${filePath(rng, root).slice(root.length + 1)} cover the ${noun()} ${noun()}.`,
    ])();
  return {
    type,
    title,
    subtitle: `${fn} in ${files[0]?.slice(root.length + 1)} ${rng.pick(['was changed', 'explains', 'caused', 'avoids'])} the ${problem}`,
    facts: Array.from({ length: rng.int(2, 5) }, sentence),
    narrative: Array.from({ length: rng.int(2, 6) }, sentence).join(' '),
    concepts: [rng.pick(CONCEPTS), ...(rng.chance(0.4) ? [rng.pick(CONCEPTS)] : [])].filter(
      (c, i, a) => a.indexOf(c) === i,
    ),
    filesRead: files.slice(1),
    filesModified: type === 'discovery' ? [] : files.slice(0, 1),
  };
}

export function generateSummary(rng: Rng, prompt: string): SummaryDraft {
  const mod = rng.zipf(MODULES);
  return {
    request: prompt,
    investigated: `Read the ${mod} ${rng.zipf(FILES)} code and its tests.`,
    learned: `The ${rng.zipf(PROBLEMS)} came from ${ident(rng)}.`,
    completed: `Changed ${ident(rng)} and added a test.`,
    nextSteps: rng.chance(0.5) ? `Check the ${rng.zipf(MODULES)} module for the same pattern.` : '',
    notes: '',
  };
}

/** Queries a user would type over this workload: one word, a question, a file path, filtered. */
export function searchQueries(
  seed: number,
  root: string,
  count: number,
): Array<{
  kind: string;
  query: string;
  filter?: { types?: string[]; file?: string; sinceDays?: number };
}> {
  const rng = createRng(seed);
  const out: Array<{
    kind: string;
    query: string;
    filter?: { types?: string[]; file?: string; sinceDays?: number };
  }> = [];
  for (let i = 0; i < count; i++) {
    const mod = rng.pick(MODULES);
    switch (i % 4) {
      case 0:
        out.push({ kind: 'word', query: rng.pick([mod, rng.pick(NOUNS), ident(rng, true)]) });
        break;
      case 1:
        out.push({
          kind: 'question',
          query: `how does the ${mod} ${rng.pick(NOUNS)} handle the ${rng.pick(PROBLEMS)}?`,
        });
        break;
      case 2:
        out.push({ kind: 'path', query: filePath(rng, root, true).slice(root.length + 1) });
        break;
      default:
        out.push({
          kind: 'filtered',
          query: rng.pick(NOUNS),
          filter: rng.chance(0.5)
            ? { types: [rng.pick(TYPES)], sinceDays: 30 }
            : { file: `src/${mod}/` },
        });
    }
  }
  return out;
}
