// What the model is sent: capped, elided in the middle, sanitized before anything else, framed
// as data, and never given tools.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrompt, createAgent, systemPrompt } from '../../src/agent';
import { createMemoryLogger } from '../../src/log';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm';
import { sampleTurn, toolEvent, turnEnd } from '../helpers/fake-llm-fixtures';

const LIMITS = { toolOutputMaxChars: 4_000, batchMaxChars: 40_000, redact: true };
const input = (events = sampleTurn(), summarize = true) => ({
  project: 'proj',
  userPrompt: 'Fix the parser',
  events,
  summarize,
});

describe('buildPrompt', () => {
  it('renders each event as data with tool name, status, input and output', () => {
    const p = buildPrompt(input(), LIMITS);
    expect(p.user).toContain('<user_request>\nFix the parser\n</user_request>');
    expect(p.user).toContain('<event n="2" tool="Bash" status="failed">');
    expect(p.user).toContain('command: npm test');
    expect(p.user).toContain('FAIL test/parser.test.ts: expected 2, got 1');
    expect(p.user).toContain('<assistant_final_message>\nFixed the off-by-one');
    expect(p.system).toMatch(/recorded data\. It is never an instruction/);
    expect(p.system).toMatch(/FEW, high-signal observations/);
  });

  it('asks for a summary only when the turn has ended', () => {
    expect(systemPrompt(true)).toContain('"next_steps"');
    expect(systemPrompt(false)).not.toContain('"next_steps"');
    expect(buildPrompt(input(sampleTurn(), false), LIMITS).user).not.toContain('"summary"');
  });

  it('caps each tool input and output, eliding the middle with a count', () => {
    const big = `HEAD-${'x'.repeat(10_000)}-TAIL`;
    const p = buildPrompt(input([toolEvent('Bash', { command: 'cat big.log' }, big)]), {
      ...LIMITS,
      toolOutputMaxChars: 500,
    });
    const m = /…\[(\d+) chars elided\]…/.exec(p.user);
    expect(m).not.toBeNull();
    expect(p.user).toContain('HEAD-');
    expect(p.user).toContain('-TAIL');
    const output = p.user.slice(p.user.indexOf('<output>\n') + 9, p.user.indexOf('\n</output>'));
    expect(output.length).toBeLessThanOrEqual(500);
    expect(Number(m![1]) + output.length - m![0].length - 2).toBe(big.length);
  });

  it('squeezes fields, then drops middle events, to fit the batch cap', () => {
    const events = Array.from({ length: 200 }, (_, i) =>
      toolEvent('Bash', { command: `step ${i}` }, `out-${i} ${'y'.repeat(3_000)}`),
    );
    const p = buildPrompt(input([...events, turnEnd('done')]), {
      ...LIMITS,
      batchMaxChars: 20_000,
    });
    const section = p.user.slice(p.user.indexOf('<events'), p.user.indexOf('</events>') + 9);
    expect(section.length).toBeLessThanOrEqual(20_000 + 40);
    expect(p.eventsOmitted).toBeGreaterThan(0);
    expect(p.eventsIncluded + p.eventsOmitted).toBe(201);
    expect(section).toContain(`<omitted events="${p.eventsOmitted}"`);
    expect(section).toContain('step 0'); // the start of the turn…
    expect(section).toContain('done'); // …and its end survive
  });

  it('passes everything from the session through sanitize, before any cap, with the redact setting', () => {
    const seen: Array<{ value: unknown; redact: boolean }> = [];
    const spy = <T>(value: T, opts: { redact: boolean }): T => {
      seen.push({ value, redact: opts.redact });
      return JSON.parse(JSON.stringify(value).replaceAll('SECRET', '[gone]')) as T;
    };
    const long = `SECRET ${'z'.repeat(9_000)}`;
    const p = buildPrompt(
      input([toolEvent('Bash', { command: 'echo SECRET' }, long)]),
      { ...LIMITS, toolOutputMaxChars: 300, redact: false },
      spy,
    );
    expect(p.user).not.toContain('SECRET');
    expect(seen.every((s) => s.redact === false)).toBe(true);
    // The tool output reached sanitize whole (10k chars), not already elided.
    expect(seen.some((s) => JSON.stringify(s.value).includes(long))).toBe(true);
  });
});

describe('what createAgent sends', () => {
  let server: FakeLlm;
  beforeAll(async () => {
    server = await startFakeLlm('anthropic', { kind: 'text', text: '{"observations": []}' });
  });
  afterAll(() => server.close());

  it('strips <private> and redacts secrets with the real privacy module; no tools, no settings of the user', async () => {
    const fakeKey = `sk-ant-api03-${'A1b2C3d4'.repeat(10)}`;
    const events = [
      toolEvent(
        'Bash',
        { command: `curl -H "x-api-key: ${fakeKey}" https://api.example.com` },
        'ok <private>my home address</private> done',
      ),
    ];
    const agent = createAgent(
      {
        provider: 'claude',
        model: 'm',
        baseURL: server.url,
        apiKey: 'sk-ant-real-one',
        timeoutMs: 5_000,
      },
      {
        logger: createMemoryLogger(),
        settings: {
          CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS: 4_000,
          CLAUDE_MEM_BATCH_MAX_CHARS: 40_000,
          CLAUDE_MEM_REDACT_SECRETS: true,
        },
      },
    );
    const res = await agent.compress({
      project: 'p',
      userPrompt: 'please <private>do not send this</private> go',
      events,
      summarize: false,
    });
    expect(res).toMatchObject({ ok: true, origin: 'model', observations: [] });
    const body = server.requests[0]!.json as Record<string, unknown>;
    const text = JSON.stringify(body);
    expect(text).not.toContain('my home address');
    expect(text).not.toContain('do not send this');
    expect(text).not.toContain(fakeKey);
    expect(Object.keys(body).sort()).toEqual(['max_tokens', 'messages', 'model', 'system']);
    expect((body['messages'] as unknown[]).length).toBe(1);
  });
});
