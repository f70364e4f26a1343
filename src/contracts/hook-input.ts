import { z } from 'zod';

/**
 * Hook payloads as Claude Code sends them on stdin (see shared fixtures). Unknown fields are
 * kept (`loose`) because every Claude Code release adds some; only what we use is required.
 */
const base = z.looseObject({
  session_id: z.string().min(1),
  transcript_path: z.string().optional(),
  cwd: z.string().min(1),
  hook_event_name: z.string(),
  prompt_id: z.string().optional(),
});

export const sessionStartInput = base.extend({
  hook_event_name: z.literal('SessionStart'),
  source: z.string().optional(),
});
export const userPromptSubmitInput = base.extend({
  hook_event_name: z.literal('UserPromptSubmit'),
  prompt: z.string(),
});
export const postToolUseInput = base.extend({
  hook_event_name: z.literal('PostToolUse'),
  tool_name: z.string().min(1),
  tool_input: z.unknown(),
  tool_response: z.unknown().optional(),
  tool_use_id: z.string().min(1),
});
export const postToolUseFailureInput = base.extend({
  hook_event_name: z.literal('PostToolUseFailure'),
  tool_name: z.string().min(1),
  tool_input: z.unknown(),
  tool_use_id: z.string().min(1),
  error: z.string().optional(),
});
export const stopInput = base.extend({
  hook_event_name: z.literal('Stop'),
  last_assistant_message: z.string().optional(),
  stop_hook_active: z.boolean().optional(),
});
export const sessionEndInput = base.extend({
  hook_event_name: z.literal('SessionEnd'),
  reason: z.string().optional(),
});

export type SessionStartInput = z.infer<typeof sessionStartInput>;
export type UserPromptSubmitInput = z.infer<typeof userPromptSubmitInput>;
export type PostToolUseInput = z.infer<typeof postToolUseInput>;
export type PostToolUseFailureInput = z.infer<typeof postToolUseFailureInput>;
export type StopInput = z.infer<typeof stopInput>;
export type SessionEndInput = z.infer<typeof sessionEndInput>;

export const HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PostToolUse',
  'PostToolUseFailure',
  'Stop',
  'SessionEnd',
] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];
