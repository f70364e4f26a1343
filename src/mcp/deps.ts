import type { Logger } from '../log';
import type { Embedder } from '../search';
import type { Db } from '../store';

/** Everything the MCP tools need, built by src/bin/mcp.ts (tests build their own). */
export interface McpDeps {
  db: Db;
  /** The working directory whose project is the default scope. */
  cwd: string;
  now: () => Date;
  logger: Logger;
  /** CLAUDE_MEM_SEARCH_RECENCY. */
  recency: boolean;
  /** CLAUDE_MEM_REDACT_SECRETS, for save_memory. */
  redactSecrets: boolean;
  /** CLAUDE_MEM_EXCLUDED_PROJECTS, as globs: save_memory refuses these projects. */
  excludedProjects: string[];
  embedder?: Embedder;
  version: string;
}
