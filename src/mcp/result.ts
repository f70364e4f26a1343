import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isMemError } from '../contracts';
import type { Logger } from '../log';

/** A successful tool answer: plain text, which every client shows and every model reads. */
export function textResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }] };
}

/**
 * Run a tool body; any failure becomes a tool error (`isError: true`) with the message and the
 * fix, never a crash of the server or a protocol error the model cannot read. This is the MCP
 * edge's one mapping of error kinds.
 */
export async function guard(tool: string, logger: Logger, body: () => Promise<CallToolResult> | CallToolResult): Promise<CallToolResult> {
  const started = Date.now();
  try {
    const result = await body();
    logger.info('tool call', { tool, ms: Date.now() - started });
    return result;
  } catch (err) {
    if (isMemError(err)) {
      logger.warn('tool call failed', { tool, kind: err.kind, message: err.message });
      const text = `${err.kind}: ${err.message}${err.hint ? `\nFix: ${err.hint}` : ''}`;
      return { isError: true, content: [{ type: 'text', text }] };
    }
    logger.error('tool call crashed', { tool, error: (err as Error).stack ?? String(err) });
    return { isError: true, content: [{ type: 'text', text: `internal: ${(err as Error).message ?? String(err)}` }] };
  }
}
