// The hook validates payloads by hand (zod would double its start-up time). The zod schemas in
// src/contracts/hook-input.ts state the contract; this test keeps the two in agreement on every
// recorded Claude Code payload and on broken variants of them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  HOOK_EVENTS,
  postToolUseFailureInput,
  postToolUseInput,
  sessionEndInput,
  sessionStartInput,
  stopInput,
  userPromptSubmitInput,
  type HookEvent,
} from '../../src/contracts';
import { parseClaudeCodeEvent } from '../../src/hooks';
import { FIXTURES } from '../helpers/hook-run';

const SCHEMAS = {
  SessionStart: sessionStartInput,
  UserPromptSubmit: userPromptSubmitInput,
  PostToolUse: postToolUseInput,
  PostToolUseFailure: postToolUseFailureInput,
  Stop: stopInput,
  SessionEnd: sessionEndInput,
} as const satisfies Record<HookEvent, unknown>;

const recorded: Array<{ name: string; event: HookEvent; payload: Record<string, unknown> }> = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) =>
    Object.entries(JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Record<string, { payload: Record<string, unknown> }>)
      .map(([key, v]) => ({ name: `${f} ${key}`, event: key.replace(/\(.*$/, '') as HookEvent, payload: v.payload }))
      .filter((r) => (HOOK_EVENTS as readonly string[]).includes(r.event)),
  );

/** Broken copies of a payload: each required field missing or of the wrong type. */
function variants(p: Record<string, unknown>): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const key of ['session_id', 'cwd', 'tool_name', 'tool_use_id', 'prompt']) {
    if (!(key in p)) continue;
    const { [key]: _omit, ...rest } = p;
    void _omit;
    out.push(rest, { ...p, [key]: 42 }, { ...p, [key]: '' });
  }
  return out;
}

describe('hook payload validation agrees with the contract schemas', () => {
  it('has recorded payloads for every handled event', () => {
    expect(new Set(recorded.map((r) => r.event))).toEqual(new Set(HOOK_EVENTS));
  });

  for (const r of recorded) {
    it(`${r.name}: accepted by both`, () => {
      expect(SCHEMAS[r.event].safeParse(r.payload).success).toBe(true);
      expect(parseClaudeCodeEvent(r.event, r.payload).ok).toBe(true);
    });
  }

  it('broken variants are judged the same way by both', () => {
    const disagreements: string[] = [];
    for (const r of recorded) {
      for (const v of variants(r.payload)) {
        const zodOk = SCHEMAS[r.event].safeParse(v).success;
        const handOk = parseClaudeCodeEvent(r.event, v).ok;
        if (zodOk !== handOk) disagreements.push(`${r.name}: zod ${zodOk}, hook ${handOk} for ${JSON.stringify(v).slice(0, 120)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
