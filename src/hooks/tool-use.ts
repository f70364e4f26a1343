import { sanitize } from '../privacy';
import { enqueueEvent } from '../store';
import { capValue } from './cap';
import { nudgeWorker } from './nudge';
import { includedSession } from './record';
import { isSkippedTool } from './skip-tools';
import type { Handler } from './types';

/**
 * How much of one tool input or output a queue row keeps: generous next to what one model call
 * gets (CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS, applied by the worker), so the worker still chooses.
 */
export const rowCap = (toolOutputMaxChars: number): number =>
  Math.max(16_000, toolOutputMaxChars * 4);

/**
 * PostToolUse / PostToolUseFailure: enqueue the tool event straight into SQLite (idempotent on
 * the tool_use_id), private content stripped and secrets redacted before the write, then nudge.
 */
export const onToolUse: Handler<'tool'> = (deps, host, ev) => {
  if (isSkippedTool(ev.toolName, deps.settings.CLAUDE_MEM_SKIP_TOOLS)) {
    deps.log.debug('tool skipped (CLAUDE_MEM_SKIP_TOOLS or our own MCP tool)', { tool: ev.toolName });
    return {};
  }
  const session = includedSession(deps, host, ev)?.session;
  if (!session) return {};
  const opts = { redact: deps.settings.CLAUDE_MEM_REDACT_SECRETS };
  const cap = rowCap(deps.settings.CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS);
  const now = deps.now();
  // One pass over input then output, so a <private> block opened in the input and closed in the
  // output (or across array elements) hides everything between.
  const clean = sanitize({ toolInput: ev.toolInput, toolResponse: ev.toolResponse }, opts);
  const added = enqueueEvent(deps.db(), {
    key: `${host.keyPrefix}:${ev.sessionId}:${ev.toolUseId}`,
    sessionId: session.id,
    projectId: session.projectId,
    promptNumber: session.promptCount,
    payload: {
      kind: 'tool',
      toolName: ev.toolName,
      toolInput: capValue(clean.toolInput, cap),
      toolResponse: withNote(capValue(clean.toolResponse, cap), ev.cut),
      failed: ev.failed,
      cwd: ev.cwd,
    },
    now: now.toISOString(),
  });
  deps.log.debug('tool event queued', {
    tool: ev.toolName,
    added,
    promptNumber: session.promptCount,
  });
  nudgeWorker(deps.paths, deps.log, now);
  return {};
};

/** An oversized payload's note goes first, where no later cap can elide it. */
function withNote(response: unknown, note: string | undefined): unknown {
  if (!note) return response;
  return typeof response === 'string' ? `${note}\n${response}` : { note, response };
}
