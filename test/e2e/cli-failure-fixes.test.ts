// A backend failure is shown with the same fix everywhere (contracts/failures.ts): `claude-mem
// status` (worker stopped: from the queue row in SQLite) and `claude-mem doctor --probe`, from the
// built CLI. The viewer and /api/status carry the same text (test/unit/worker-api-contract.test.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAILURE_FIXES, workerStatusSchema } from '../../src/contracts';
import { openStore } from '../../src/store';
import { startFakeLlm } from '../helpers/fake-llm';
import { addTurn, seedSession } from '../helpers/worker-fixtures';
import { childEnv, runCli } from '../helpers/worker-procs';

let dir: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-failure-fixes-'));
  env = childEnv(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A queued turn whose last attempt failed with `kind` (as the drain records it). */
function recordFailure(kind: string, message: string): void {
  const db = openStore(join(dir, 'memory.db'));
  try {
    const s = seedSession(db, new Date().toISOString());
    addTurn(db, s, { now: new Date().toISOString(), tools: 1, turnEnd: true });
    db.prepare('UPDATE queue SET last_error_kind = ?, last_error_message = ?').run(kind, message);
  } finally {
    db.close();
  }
}

describe('the fix for a backend failure, from the CLI', () => {
  it('`status` prints the fix under the last error, and --json carries it', async () => {
    recordFailure('quota', 'HTTP 402: payment required');
    const text = await runCli(['status'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('last error: quota');
    expect(text.stdout).toContain(`fix:      ${FAILURE_FIXES.model.quota}`);
    const json = workerStatusSchema.parse(
      JSON.parse((await runCli(['status', '--json'], env)).stdout),
    );
    expect(json.lastError).toMatchObject({ kind: 'quota', fix: FAILURE_FIXES.model.quota });
  });

  it('a stored kind this version does not know is not shown as a typed failure', async () => {
    recordFailure('some_future_kind', 'from another build');
    const json = workerStatusSchema.parse(
      JSON.parse((await runCli(['status', '--json'], env)).stdout),
    );
    expect(json.lastError).toBeNull();
  });

  it('`doctor --probe` names the fix for the failure kind it got', async () => {
    const fake = await startFakeLlm('anthropic', () => ({
      kind: 'raw',
      status: 402,
      body: '{"type":"error","error":{"type":"billing_error","message":"payment required"}}',
    }));
    try {
      writeFileSync(join(dir, 'settings.json'), JSON.stringify({ CLAUDE_MEM_PROVIDER: 'claude' }), {
        mode: 0o600,
      });
      writeFileSync(
        join(dir, '.env'),
        `ANTHROPIC_BASE_URL=${fake.url}\nANTHROPIC_API_KEY=sk-ant-probe-test\n`,
        { mode: 0o600 },
      );
      const r = await runCli(['doctor', '--probe', '--json'], env);
      const { findings } = JSON.parse(r.stdout) as {
        findings: Array<{ level: string; check: string; detail: string }>;
      };
      const probe = findings.find((f) => f.check === 'probe');
      expect(probe?.level, r.stderr).toBe('fail');
      expect(probe?.detail).toContain('quota');
      expect(probe?.detail).toContain(`fix: ${FAILURE_FIXES.model.quota}`);
    } finally {
      await fake.close();
    }
  });
});
