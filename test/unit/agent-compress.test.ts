// createAgent's own logic, with the in-process scripted provider: one call per batch, failures
// passed through untouched, files merged from the tool inputs, summaries filled in.
import { describe, expect, it } from 'vitest';
import { createAgent } from '../../src/agent';
import { createMemoryLogger } from '../../src/log';
import { CWD, sampleTurn, toolEvent } from '../helpers/fake-llm-fixtures';
import { createScriptedProvider, fakeAnswer } from '../helpers/scripted-provider';

const SETTINGS = {
  CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS: 4_000,
  CLAUDE_MEM_BATCH_MAX_CHARS: 40_000,
  CLAUDE_MEM_REDACT_SECRETS: true,
};
const CFG = {
  provider: 'claude' as const,
  model: 'm',
  baseURL: 'http://127.0.0.1:1',
  timeoutMs: 1_000,
};

function agentWith(...script: Parameters<typeof createScriptedProvider>[0]) {
  const provider = createScriptedProvider(script);
  const logger = createMemoryLogger();
  return { agent: createAgent(CFG, { logger, settings: SETTINGS, provider }), provider, logger };
}

describe('createAgent', () => {
  it('makes exactly one call, even for a retryable failure (the worker owns retries)', async () => {
    const failure = {
      ok: false as const,
      kind: 'rate_limit' as const,
      message: 'slow down',
      status: 429,
      retryAfterMs: 2_000,
      requestId: 'r1',
      body: '{"e":1}',
    };
    const { agent, provider } = agentWith(failure);
    const res = await agent.compress({
      project: 'p',
      userPrompt: 'x',
      events: sampleTurn(),
      summarize: true,
    });
    expect(provider.requests).toHaveLength(1);
    expect(res).toEqual({
      ok: false,
      kind: 'rate_limit',
      message: 'slow down',
      status: 429,
      retryAfterMs: 2_000,
      requestId: 'r1',
      body: '{"e":1}',
    });
  });

  it('attaches files from the tool inputs to the observation that mentions them, the rest to the first', async () => {
    const events = [
      toolEvent('Read', { file_path: `${CWD}/docs/notes.md` }, 'x'),
      toolEvent(
        'Edit',
        { file_path: `${CWD}/src/parser.ts`, old_string: 'a', new_string: 'b' },
        {},
      ),
      toolEvent('Write', { file_path: `${CWD}/src/new-file.ts`, content: '' }, {}),
    ];
    const { agent } = agentWith(
      fakeAnswer({
        observations: [
          {
            type: 'decision',
            title: 'Chose a streaming design',
            files_read: [`${CWD}/docs/design.md`],
          },
          { type: 'bugfix', title: 'Fixed parser.ts bound', facts: ['loop in parser.ts'] },
        ],
      }),
    );
    const res = await agent.compress({ project: 'p', userPrompt: 'x', events, summarize: false });
    if (!res.ok) throw new Error(res.message);
    expect(res.origin).toBe('model');
    expect(res.observations[0]).toMatchObject({
      filesRead: ['docs/design.md', 'docs/notes.md'],
      filesModified: ['src/new-file.ts'],
    });
    expect(res.observations[1]).toMatchObject({ filesRead: [], filesModified: ['src/parser.ts'] });
    expect(res.summary).toBeUndefined();
  });

  it('fills a missing summary deterministically, and a missing request from the prompt', async () => {
    // The same turn, summary asked for, whatever the model answers.
    const compress = (answer: Parameters<typeof fakeAnswer>[0]) =>
      agentWith(fakeAnswer(answer)).agent.compress({
        project: 'p',
        userPrompt: 'Fix the parser',
        events: sampleTurn(),
        summarize: true,
      });
    const r1 = await compress({ observations: [{ title: 'T' }] });
    expect(r1).toMatchObject({
      ok: true,
      origin: 'model',
      summary: {
        request: 'Fix the parser',
        completed: expect.stringContaining('Modified: src/parser.ts'),
      },
    });
    const r2 = await compress({ observations: [], summary: { learned: 'L' } });
    expect(r2).toMatchObject({
      ok: true,
      origin: 'model',
      observations: [],
      summary: { request: 'Fix the parser', learned: 'L' },
    });
  });

  it('logs Starting SDK query / Response received around the call', async () => {
    const { agent, logger } = agentWith(fakeAnswer({ observations: [] }, { input: 7, output: 3 }));
    await agent.compress({ project: 'p', userPrompt: 'x', events: sampleTurn(), summarize: false });
    expect(logger.lines.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'Starting SDK query'],
      ['info', 'Response received'],
    ]);
    expect(logger.lines[0]?.fields).toMatchObject({
      provider: 'fake',
      model: 'fake-model',
      events: 5,
    });
    expect(logger.lines[1]?.fields).toMatchObject({ inputTokens: 7, outputTokens: 3 });
  });

  it('passes the abort signal through to the provider', async () => {
    const { agent, provider } = agentWith(fakeAnswer({ observations: [] }));
    const ctl = new AbortController();
    await agent.compress(
      { project: 'p', userPrompt: 'x', events: sampleTurn(), summarize: false },
      ctl.signal,
    );
    expect(provider.requests[0]?.signal).toBe(ctl.signal);
  });
});
