// Hooks: one handler per host event, behind host adapters (Claude Code first). Imports no
// worker, agent, MCP, CLI or viewer code: the hook bundle must stay small and fast.
export { runClaudeCodeHook } from './run';
export { openHookStore, HOOK_BUSY_TIMEOUT_MS } from './store';
export { readStdin, MAX_STDIN_BYTES, type StdinResult } from './stdin';
export { spoolReport, SPOOL_RESERVE_BYTES, type SpoolReport } from './spool';
export { spawnWorker } from './worker-launch';
export {
  CLAUDE_CODE,
  CLAUDE_CODE_EVENTS,
  parseClaudeCodeEvent,
  formatClaudeCodeAnswer,
} from './claude-code';
export { isSyntheticPrompt } from './user-prompt';
export { capValue, elide } from './cap';
export { rowCap } from './tool-use';
export type { HookDeps, HostInfo, MemoryEvent, HandlerResult } from './types';
