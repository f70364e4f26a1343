// Shell isolation for the worker process itself: whoever starts it (a SessionStart hook,
// `claude-mem worker start`, `claude-mem start`), the worker must not inherit the shell's
// Anthropic credentials or base URL: it reads them only from <data dir>/.env. Read from the
// running worker's /proc/<pid>/environ, so the test sees what the process really got.
// (The MCP server starts no worker: it reads SQLite directly.)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, runHook } from '../helpers/hook-run';
import { childEnv, runCli, waitFor, workerPids } from '../helpers/worker-procs';

const SHELL = {
  ANTHROPIC_API_KEY: 'sk-ant-api03-from-the-shell',
  ANTHROPIC_AUTH_TOKEN: 'bearer-from-the-shell',
  ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
  CLAUDE_CODE_ENTRYPOINT: 'cli',
  CLAUDECODE: '1',
};

const PATHS: Array<[string, (dir: string, env: NodeJS.ProcessEnv) => Promise<unknown>]> = [
  ['a SessionStart hook', (dir, env) => runHook('SessionStart', JSON.stringify(fixture('2.1.197', 'SessionStart(startup)', dir)), env)],
  ['claude-mem worker start', (_dir, env) => runCli(['worker', 'start'], env)],
  ['claude-mem start', (_dir, env) => runCli(['start'], env)],
];

describe('the worker never sees the shell’s Anthropic variables', () => {
  let dir: string | undefined;
  let env: NodeJS.ProcessEnv = {};

  afterEach(async () => {
    if (!dir) return;
    await runCli(['worker', 'stop'], env).catch((err: unknown) => void err);
    for (const pid of workerPids(dir)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it.each(PATHS)('started by %s', async (_name, start) => {
    dir = mkdtempSync(join(tmpdir(), 'cm-worker-env-'));
    env = childEnv(dir, { ...SHELL, CLAUDE_MEM_PROVIDER: 'offline' });
    await start(dir, env);
    const [pid] = await waitFor(() => (workerPids(dir as string).length ? workerPids(dir as string) : undefined), 'the worker to start');
    const seen = new Map(
      readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
    expect(seen.get('CLAUDE_MEM_DATA_DIR')).toBe(dir); // the starter's own settings do pass
    for (const key of Object.keys(SHELL)) expect(seen.has(key), key).toBe(false);
  });
});
