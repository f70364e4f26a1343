/**
 * Variables of the shell or the Claude Code session that must not reach the worker: the worker
 * reads credentials only from `<data dir>/.env` (DESIGN's shell isolation: a key exported for
 * another project must not bill anyone through us), and a session's own variables
 * (`CLAUDECODE`, `CLAUDE_CODE_*`, `CLAUDE_PROJECT_DIR`, the plugin's …) would make a
 * `claude-code` provider child think it runs inside that session.
 */
const NOT_FOR_THE_WORKER = /^(ANTHROPIC_|CLAUDE_CODE_|CLAUDECODE$|CLAUDE_PROJECT_DIR$|CLAUDE_ENV_FILE$|CLAUDE_PID$|CLAUDE_PLUGIN_)/;

/**
 * The environment every worker is started with, whoever starts it (a hook, the CLI): the
 * starter's own minus the variables above. Spawned by `hooks/worker-launch.ts`, the one launcher.
 */
export function workerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !NOT_FOR_THE_WORKER.test(k)) out[k] = v;
  return out;
}
