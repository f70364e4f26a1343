import { listSetting } from '../config';

/**
 * Our own MCP tools, as Claude Code names them: `mcp__plugin_claude-mem_<server>__<tool>` when the
 * plugin provides the server (ours is `claude-mem`, the original claude-mem's is `mcp-search`),
 * `mcp__claude-mem__<tool>` when someone registers the server by hand. Reading memory is not work
 * worth remembering, and recording it would feed search results back into memory as new
 * observations. So these are skipped always, even when CLAUDE_MEM_SKIP_TOOLS leaves them out (as
 * the original claude-mem's value does); the setting only adds to this list.
 */
export const OWN_TOOLS: readonly string[] = ['mcp__plugin_claude-mem_*', 'mcp__claude-mem__*'];

/**
 * Whether a tool is never recorded: it matches one of CLAUDE_MEM_SKIP_TOOLS (comma-separated
 * names, where `*` matches any run of characters and `?` one) or our own tools. Names are
 * compared exactly, case included, as Claude Code reports them.
 */
export function isSkippedTool(toolName: string, skipSetting: string): boolean {
  return [...OWN_TOOLS, ...listSetting(skipSetting)].some((pattern) => matches(toolName, pattern));
}

function matches(name: string, pattern: string): boolean {
  if (!/[*?]/.test(pattern)) return name === pattern;
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(name);
}
