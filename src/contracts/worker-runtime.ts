import { z } from 'zod';

/**
 * `<data dir>/worker.json`, written by the running worker (0600) and read by hooks, the CLI and
 * the MCP server to find it. The lock file, not this, decides whether a worker is running.
 */
export const workerRuntimeSchema = z.object({
  pid: z.number().int().positive(),
  port: z.number().int().positive(),
  version: z.string(),
  startedAt: z.string(),
  /** CLAUDE_MEM_WORKER_PORT, when another process held it and the worker listens on `port` instead. */
  heldPort: z.number().int().positive().optional(),
});
export type WorkerRuntime = z.infer<typeof workerRuntimeSchema>;

/** Name of the header carrying the per-install token on worker API calls. */
export const TOKEN_HEADER = 'x-claude-mem-token';
