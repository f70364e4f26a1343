import { describe, expect, it } from 'vitest';
import {
  capValue,
  elide,
  formatClaudeCodeAnswer,
  isSyntheticPrompt,
  parseClaudeCodeEvent,
} from '../../src/hooks';
import { fixture } from '../helpers/hook-run';

const RUN = '/tmp/run';

describe('Claude Code adapter', () => {
  for (const version of ['2.1.197', '2.1.332'] as const) {
    it(`parses the recorded ${version} payloads`, () => {
      const ss = parseClaudeCodeEvent(
        'SessionStart',
        fixture(version, 'SessionStart(startup)', RUN),
      );
      expect(ss).toMatchObject({
        ok: true,
        event: { type: 'session_start', source: 'startup', cwd: `${RUN}/work` },
      });
      const compact = parseClaudeCodeEvent(
        'SessionStart',
        fixture(version, 'SessionStart(compact)', RUN),
      );
      expect(compact).toMatchObject({ ok: true, event: { source: 'compact' } });
      expect(
        parseClaudeCodeEvent('UserPromptSubmit', fixture(version, 'UserPromptSubmit', RUN)),
      ).toMatchObject({
        ok: true,
        event: { type: 'prompt', prompt: expect.stringContaining('Please run the tool.') },
      });
      const tool = parseClaudeCodeEvent('PostToolUse', fixture(version, 'PostToolUse(Bash)', RUN));
      expect(tool).toMatchObject({
        ok: true,
        event: {
          type: 'tool',
          toolName: 'Bash',
          failed: false,
          toolResponse: { stdout: 'hello-from-tool' },
        },
      });
      const failed = parseClaudeCodeEvent(
        'PostToolUseFailure',
        fixture(version, 'PostToolUseFailure(Bash)', RUN),
      );
      expect(failed).toMatchObject({
        ok: true,
        event: { type: 'tool', failed: true, toolResponse: { error: 'Exit code 3' } },
      });
      expect(parseClaudeCodeEvent('Stop', fixture(version, 'Stop', RUN))).toMatchObject({
        ok: true,
        event: { type: 'turn_end', lastAssistantMessage: expect.stringContaining('all-done') },
      });
      expect(
        parseClaudeCodeEvent('SessionEnd', fixture(version, 'SessionEnd(other)', RUN)),
      ).toMatchObject({
        ok: true,
        event: { type: 'session_end', reason: 'other' },
      });
    });
  }

  it('rejects payloads that do not match, naming fields but not values', () => {
    const r = parseClaudeCodeEvent('PostToolUse', {
      session_id: 'sk-ant-secret-value',
      cwd: '/x',
      tool_name: 5,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toContain('tool_name');
    expect(r.reason).toContain('tool_use_id');
    expect(r.reason).not.toContain('sk-ant');
    expect(parseClaudeCodeEvent('Stop', [1, 2]).ok).toBe(false);
    expect(
      parseClaudeCodeEvent('Stop', { session_id: 's', cwd: '/x', hook_event_name: 'SessionEnd' })
        .ok,
    ).toBe(false);
  });

  it('answers only SessionStart, with hookEventName exactly SessionStart', () => {
    expect(JSON.parse(formatClaudeCodeAnswer('SessionStart', { context: 'memo' }))).toEqual({
      hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: 'memo' },
    });
    expect(formatClaudeCodeAnswer('SessionStart', {})).toBe('');
    expect(formatClaudeCodeAnswer('Stop', { context: 'x' })).toBe('');
  });

  it('treats a <task-notification> prompt as synthetic, not as a user prompt', () => {
    expect(
      isSyntheticPrompt(
        '<task-notification>\n<task-id>a1</task-id>\n<status>completed</status>\n</task-notification>',
      ),
    ).toBe(true);
    expect(isSyntheticPrompt('Please explain <task-notification> tags')).toBe(false);
    expect(isSyntheticPrompt('Please run the tool.')).toBe(false);
  });
});

describe('capValue', () => {
  it('leaves small values alone and caps big ones, keeping the start and the end', () => {
    expect(capValue({ a: 'x' }, 100)).toEqual({ a: 'x' });
    const big = { stdout: `START${'x'.repeat(100_000)}END`, code: 0 };
    const capped = capValue(big, 16_000) as { stdout: string; code: number };
    expect(JSON.stringify(capped).length).toBeLessThanOrEqual(16_000);
    expect(capped.stdout.startsWith('START')).toBe(true);
    expect(capped.stdout.endsWith('END')).toBe(true);
    expect(capped.stdout).toMatch(/chars elided/);
    expect(capped.code).toBe(0);
  });
  it('caps values made of many strings as a whole', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => `line ${i} ${'y'.repeat(50)}`);
    expect(JSON.stringify(capValue(many, 5_000)).length).toBeLessThanOrEqual(5_000);
  });
  it('elide keeps short text whole', () => {
    expect(elide('short', 10)).toBe('short');
  });
});
