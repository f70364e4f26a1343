import type { HookEvent } from '../contracts';
import type { HandlerResult, HostInfo, MemoryEvent } from './types';

/** The Claude Code host adapter: its payloads in, its answers out. Other hosts add a file like this one. */
export const CLAUDE_CODE: HostInfo = { host: 'claude-code', keyPrefix: 'cc' };

/** The Claude Code events we handle (the names in `hooks/hooks.json`). */
export const CLAUDE_CODE_EVENTS: readonly HookEvent[] = [
  'SessionStart',
  'UserPromptSubmit',
  'PostToolUse',
  'PostToolUseFailure',
  'Stop',
  'SessionEnd',
];

export type ParsedEvent = { ok: true; event: MemoryEvent } | { ok: false; reason: string };

/**
 * Validate one Claude Code hook payload (the shapes of `contracts/hook-input.ts`, checked by hand
 * here because zod would double the hook's start-up time) and turn it into a MemoryEvent.
 * Unknown fields are ignored: every Claude Code release adds some.
 */
export function parseClaudeCodeEvent(eventName: HookEvent, payload: unknown): ParsedEvent {
  const p = new Fields(payload);
  const base = { sessionId: p.str('session_id'), cwd: p.str('cwd') };
  // A NUL byte cannot be in a real path; it would make a project no folder on disk matches.
  if (base.cwd.includes('\0')) p.problem('cwd', 'contains a NUL byte (not a real path)');
  if (p.raw('hook_event_name') !== undefined && p.raw('hook_event_name') !== eventName)
    p.problem('hook_event_name', 'mismatch');
  let event: MemoryEvent;
  switch (eventName) {
    case 'SessionStart':
      event = { type: 'session_start', ...base, source: p.optStr('source') ?? 'startup' };
      break;
    case 'UserPromptSubmit':
      event = { type: 'prompt', ...base, prompt: p.str('prompt', true) };
      break;
    case 'PostToolUse':
    case 'PostToolUseFailure': {
      const failed = eventName === 'PostToolUseFailure';
      event = {
        type: 'tool',
        ...base,
        toolName: p.str('tool_name'),
        toolUseId: p.str('tool_use_id'),
        toolInput: p.raw('tool_input') ?? null,
        toolResponse: failed
          ? { error: p.optStr('error') ?? 'failed' }
          : (p.raw('tool_response') ?? null),
        failed,
      };
      break;
    }
    case 'Stop':
      event = {
        type: 'turn_end',
        ...base,
        lastAssistantMessage: p.optStr('last_assistant_message') ?? '',
      };
      break;
    case 'SessionEnd':
      event = { type: 'session_end', ...base, reason: p.optStr('reason') ?? 'other' };
      break;
  }
  return p.problems.length
    ? { ok: false, reason: `${eventName} payload does not match: ${p.problems.join('; ')}` }
    : { ok: true, event };
}

/**
 * Claude Code's answer on stdout. Only SessionStart (its memory) and UserPromptSubmit (the
 * records matching the prompt) say anything, as `hookSpecificOutput.additionalContext`, which
 * Claude Code adds to the model's context. Every other event answers with nothing, which lets
 * Claude Code carry on (a Stop answer could even keep the turn from ending).
 */
export function formatClaudeCodeAnswer(eventName: HookEvent, result: HandlerResult): string {
  if ((eventName !== 'SessionStart' && eventName !== 'UserPromptSubmit') || !result.context) return '';
  return JSON.stringify({
    hookSpecificOutput: { hookEventName: eventName, additionalContext: result.context },
  });
}

/** Field access that collects problems, naming fields but never their values (a payload may hold secrets). */
class Fields {
  readonly problems: string[] = [];
  private readonly obj: Record<string, unknown>;

  constructor(payload: unknown) {
    const isObject = typeof payload === 'object' && payload !== null && !Array.isArray(payload);
    if (!isObject) this.problems.push('(root): expected an object');
    this.obj = isObject ? (payload as Record<string, unknown>) : {};
  }

  raw(key: string): unknown {
    return this.obj[key];
  }

  problem(key: string, what: string): void {
    this.problems.push(`${key}: ${what}`);
  }

  /** A required string; non-empty unless `allowEmpty`. */
  str(key: string, allowEmpty = false): string {
    const v = this.obj[key];
    if (typeof v === 'string' && (allowEmpty || v !== '')) return v;
    this.problem(key, v === undefined ? 'missing' : 'expected a non-empty string');
    return '';
  }

  optStr(key: string): string | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    this.problem(key, 'expected a string');
    return undefined;
  }
}
