import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workerPids } from './worker-procs';

/** Point the worker of data dir `dir` at a (fake) Anthropic backend: the `claude` provider, key in .env. */
export function useClaudeBackend(dir: string, url: string, apiKey = 'sk-ant-test-key'): void {
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ CLAUDE_MEM_PROVIDER: 'claude' }), { mode: 0o600 });
  writeFileSync(join(dir, '.env'), `ANTHROPIC_BASE_URL=${url}\nANTHROPIC_API_KEY=${apiKey}\n`, { mode: 0o600 });
}

/** Kill whatever worker of `dir` is left, close its fake backend, and delete the dir. */
export async function removeWorkerDir(dir: string, fake: { close(): Promise<void> }): Promise<void> {
  for (const pid of workerPids(dir)) process.kill(pid, 'SIGKILL');
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
