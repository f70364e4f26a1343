// The hook contract, with the real built hook as a child process and Claude Code's recorded
// payloads: stdout carries only Claude Code's answer, the exit code is always 0, and when memory
// is unavailable the reason is logged and nothing is half-written.
import {
  readdirSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, availableDrivers, openStore, type ProcessLock } from '../../src/store';
import { fixture, HOOK, hookEnv, hookLogs, runHook } from '../helpers/hook-run';

let run: string;
let dataDir: string;
let lock: ProcessLock | undefined;

beforeEach(() => {
  run = mkdtempSync(join(tmpdir(), 'cm-hooks-'));
  dataDir = join(run, 'data');
  mkdirSync(join(run, 'work'), { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
});

afterEach(async () => {
  lock?.release();
  lock = undefined;
  await stopWorker();
  rmSync(run, { recursive: true, force: true });
});

/** Hold the worker lock, so SessionStart sees a running worker and starts none. */
function pretendWorkerRuns(): void {
  lock = acquireLock(join(dataDir, 'worker.lock'));
  expect(lock).toBeDefined();
}

/** Stop a worker a test started, and wait until it is gone (it writes logs until it exits). */
async function stopWorker(): Promise<void> {
  const runtime = join(dataDir, 'worker.json');
  if (!existsSync(runtime)) return;
  const { pid } = JSON.parse(readFileSync(runtime, 'utf8')) as { pid: number };
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (alive() && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
  if (alive()) process.kill(pid, 'SIGKILL');
}

const payload = (key: string, version: '2.1.197' | '2.1.332' = '2.1.332') =>
  JSON.stringify(fixture(version, key, run));

function query<T>(sql: string, ...args: unknown[]): T[] {
  const db = openStore(join(dataDir, 'memory.db'));
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

describe('hook contract (dist/bin/hook.js, recorded Claude Code payloads)', () => {
  it('records a whole session: prompt, tool events, failure, turn end, session end', async () => {
    pretendWorkerRuns();
    const env = hookEnv(dataDir);
    for (const [event, key] of [
      ['SessionStart', 'SessionStart(startup)'],
      ['UserPromptSubmit', 'UserPromptSubmit'],
      ['PostToolUse', 'PostToolUse(Bash)'],
      ['Stop', 'Stop'],
      ['SessionEnd', 'SessionEnd(other)'],
      ['PostToolUseFailure', 'PostToolUseFailure(Bash)'],
    ] as const) {
      const r = await runHook(event, payload(key), env);
      expect(r.code, `${event} exit code`).toBe(0);
      expect(r.stderr).toBe('');
      if (event !== 'SessionStart') expect(r.stdout, `${event} stdout`).toBe('');
    }
    const session = '2900211f-1e15-4608-82c0-d83a0792435f';
    expect(
      query(
        'SELECT host, host_session_id AS id, end_reason AS reason, prompt_count AS n FROM sessions ORDER BY id',
      ),
    ).toEqual([
      { host: 'claude-code', id: session, reason: 'other', n: 1 },
      { host: 'claude-code', id: 'd4519519-b0dd-4824-bb90-f3982a72f203', reason: null, n: 0 },
    ]);
    expect(query<{ text: string }>('SELECT text FROM prompts')[0]?.text).toContain(
      'Please run the tool.',
    );
    const rows = query<{
      key: string;
      kind: string;
      state: string;
      prompt_number: number;
      payload: string;
    }>('SELECT key, kind, state, prompt_number, payload FROM queue ORDER BY id');
    expect(rows.map((r) => [r.key, r.kind, r.state, r.prompt_number])).toEqual([
      [`cc:${session}:toolu_fake_1795606694722_1`, 'tool', 'queued', 1],
      [`cc:${session}:stop:1`, 'turn_end', 'queued', 1],
      ['cc:d4519519-b0dd-4824-bb90-f3982a72f203:toolu_fake_1795606538380_3', 'tool', 'queued', 0],
    ]);
    expect(JSON.parse(rows[0]?.payload ?? '')).toMatchObject({
      kind: 'tool',
      toolName: 'Bash',
      failed: false,
      toolResponse: { stdout: 'hello-from-tool' },
    });
    expect(JSON.parse(rows[1]?.payload ?? '').lastAssistantMessage).toContain('all-done');
    expect(JSON.parse(rows[2]?.payload ?? '')).toMatchObject({
      failed: true,
      toolResponse: { error: 'Exit code 3' },
    });
    expect(existsSync(join(dataDir, 'worker.nudge'))).toBe(true);
  });

  it('SessionStart answers with hookSpecificOutput.hookEventName exactly "SessionStart" for every source', async () => {
    pretendWorkerRuns();
    for (const [key, version] of [
      ['SessionStart(startup)', '2.1.332'],
      ['SessionStart(resume)', '2.1.332'],
      ['SessionStart(compact)', '2.1.197'],
    ] as const) {
      const r = await runHook('SessionStart', payload(key, version), hookEnv(dataDir));
      expect(r.code).toBe(0);
      const answer = JSON.parse(r.stdout) as {
        hookSpecificOutput: { hookEventName: string; additionalContext: string };
      };
      expect(Object.keys(answer)).toEqual(['hookSpecificOutput']);
      expect(answer.hookSpecificOutput.hookEventName).toBe('SessionStart');
      expect(answer.hookSpecificOutput.additionalContext).toContain(
        'no memory recorded yet for project "work"',
      );
    }
  });

  it('the same tool event twice leaves one row; a second Stop in the same turn adds nothing', async () => {
    pretendWorkerRuns();
    const env = hookEnv(dataDir);
    await runHook('UserPromptSubmit', payload('UserPromptSubmit'), env);
    for (let i = 0; i < 2; i++) await runHook('PostToolUse', payload('PostToolUse(Bash)'), env);
    const stop = fixture('2.1.332', 'Stop', run);
    await runHook('Stop', JSON.stringify(stop), env);
    await runHook('Stop', JSON.stringify({ ...stop, last_assistant_message: 'second' }), env);
    expect(query('SELECT kind FROM queue ORDER BY id')).toEqual([
      { kind: 'tool' },
      { kind: 'turn_end' },
    ]);
  });

  it('parallel tool calls (concurrent hooks on a fresh database) each leave their row', async () => {
    const env = hookEnv(dataDir);
    const p = fixture('2.1.332', 'PostToolUse(Read)', run);
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        runHook('PostToolUse', JSON.stringify({ ...p, tool_use_id: `toolu_par_${i}` }), env),
      ),
    );
    expect(runs.map((r) => r.code)).toEqual(Array(8).fill(0));
    expect(query('SELECT COUNT(*) AS n FROM queue')).toEqual([{ n: 8 }]);
    expect(query('SELECT COUNT(*) AS n FROM sessions')).toEqual([{ n: 1 }]);
  });

  it('a <task-notification> prompt opens no turn', async () => {
    const env = hookEnv(dataDir);
    const p = fixture('2.1.332', 'UserPromptSubmit', run);
    await runHook('UserPromptSubmit', JSON.stringify(p), env);
    await runHook(
      'UserPromptSubmit',
      JSON.stringify({
        ...p,
        prompt:
          '<task-notification>\n<task-id>a0d2</task-id>\n<status>completed</status>\n</task-notification>',
      }),
      env,
    );
    expect(query('SELECT prompt_number AS n FROM prompts')).toEqual([{ n: 1 }]);
    expect(query('SELECT prompt_count AS n FROM sessions')).toEqual([{ n: 1 }]);
  });

  it('with no worker running, PostToolUse still exits 0 and the event waits in the queue', async () => {
    const r = await runHook('PostToolUse', payload('PostToolUse(Write)'), hookEnv(dataDir));
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(query('SELECT state FROM queue')).toEqual([{ state: 'queued' }]);
    expect(existsSync(join(dataDir, 'worker.json'))).toBe(false);
  });

  it('SessionStart starts the worker when none runs, without waiting for it', async () => {
    const r = await runHook('SessionStart', payload('SessionStart(startup)'), hookEnv(dataDir));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).hookSpecificOutput.hookEventName).toBe('SessionStart');
    expect(hookLogs(dataDir)).toContain('started the worker');
    const deadline = Date.now() + 20_000;
    while (!existsSync(join(dataDir, 'worker.json')) && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 100));
    expect(existsSync(join(dataDir, 'worker.json'))).toBe(true);
  });

  const junk: Array<[string, string | undefined, string | Buffer, RegExp]> = [
    ['malformed JSON', 'PostToolUse', '{"session_id": "s", "cwd": ', /not valid JSON/],
    ['empty stdin', 'PostToolUse', '', /was empty/],
    ['oversized stdin that is not JSON', 'PostToolUse', Buffer.alloc(6 * 1024 * 1024, 'a'), /not valid JSON/],
    ['an unknown event', 'PreToolUse', '{"session_id":"s","cwd":"/tmp"}', /unknown hook event/],
    [
      'no event at all',
      undefined,
      '{"session_id":"s","cwd":"/tmp","hook_event_name":"Notification"}',
      /unknown hook event/,
    ],
    [
      'a payload of the wrong shape',
      'PostToolUse',
      '{"session_id":"s","cwd":"/tmp","tool_name":3}',
      /does not match: .*tool_name/,
    ],
    ['a JSON array', 'Stop', '[1,2,3]', /does not match/],
  ];
  for (const [what, event, stdin, logged] of junk) {
    it(`${what}: exit 0, nothing on stdout, logged, nothing written`, async () => {
      const r = await runHook(event, stdin, hookEnv(dataDir));
      expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(hookLogs(dataDir)).toMatch(logged);
      expect(existsSync(join(dataDir, 'memory.db'))).toBe(false);
    });
  }

  it('a malformed payload is not quoted into the log (it may hold secrets)', async () => {
    const secret = 'sk-ant-api03-LOGLEAKCHECK0123456789abcdefghijklmnop';
    await runHook('PostToolUse', `{"tool_input": "${secret}", broken`, hookEnv(dataDir));
    await runHook('PostToolUse', JSON.stringify({ session_id: secret, cwd: 7 }), hookEnv(dataDir));
    expect(hookLogs(dataDir)).not.toContain('LOGLEAKCHECK');
  });

  it('a locked database: exit 0, the reason logged, nothing half-written', async () => {
    const holder = openStore(join(dataDir, 'memory.db'));
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const r = await runHook('PostToolUse', payload('PostToolUse(Bash)'), hookEnv(dataDir));
      expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(hookLogs(dataDir)).toMatch(/could not record.*storage_busy/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(query('SELECT COUNT(*) AS n FROM sessions')).toEqual([{ n: 0 }]);
    expect(query('SELECT COUNT(*) AS n FROM queue')).toEqual([{ n: 0 }]);
  });

  it('an event the locked database could not take is spooled and recorded by the next hook', async () => {
    const holder = openStore(join(dataDir, 'memory.db'));
    holder.exec('BEGIN EXCLUSIVE');
    try {
      await runHook('PostToolUse', payload('PostToolUse(Bash)'), hookEnv(dataDir));
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    const spool = join(dataDir, 'spool');
    expect(readdirSync(spool).filter((n) => n.endsWith('.json'))).toHaveLength(1);
    expect(query('SELECT COUNT(*) AS n FROM queue')).toEqual([{ n: 0 }]);
    // The database answers again: the next hook (here the turn's Stop) replays the spool first.
    const r = await runHook('Stop', payload('Stop'), hookEnv(dataDir));
    expect(r.code).toBe(0);
    expect(readdirSync(spool).filter((n) => n.endsWith('.json'))).toEqual([]);
    const rows = query<{ kind: string; key: string }>('SELECT kind, key FROM queue ORDER BY id');
    expect(rows.map((row) => row.kind).sort()).toEqual(['tool', 'turn_end']);
    expect(hookLogs(dataDir)).toMatch(/replayed spooled events/);
  });

  it('the bundle away from node_modules: records with node:sqlite, else exit 0 and logged', async () => {
    // Requiring better-sqlite3 fails there, as it would when it was built for another Node
    // version or never compiled (no toolchain). Node 22.16+ needs no native module at all.
    const lonely = join(run, 'lonely');
    mkdirSync(lonely);
    copyFileSync(HOOK, join(lonely, 'hook.js'));
    const r = await runHook('PostToolUse', payload('PostToolUse(Bash)'), hookEnv(dataDir), {
      script: join(lonely, 'hook.js'),
    });
    // stderr stays empty on Node 22 too: its ExperimentalWarning for node:sqlite is dropped.
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    if (availableDrivers().includes('node:sqlite')) {
      expect(query('SELECT kind FROM queue')).toEqual([{ kind: 'tool' }]);
    } else {
      expect(hookLogs(dataDir)).toMatch(/could not record.*better-sqlite3.*Node 22\.16/);
    }
  });

  it('a bad settings.json: exit 0, logged, SessionStart answers nothing', async () => {
    writeFileSync(join(dataDir, 'settings.json'), '{"CLAUDE_MEM_CONTEXT_TOKENS": "lots"}');
    const r = await runHook('SessionStart', payload('SessionStart(startup)'), hookEnv(dataDir));
    // stderr is for Claude Code's debug view: it names the problem and the fix.
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toMatch(/CLAUDE_MEM_CONTEXT_TOKENS.*Fix:/);
    expect(hookLogs(dataDir)).toMatch(/CLAUDE_MEM_CONTEXT_TOKENS.*config_invalid/);
  });

  it('an excluded project records nothing and gets no context', async () => {
    pretendWorkerRuns();
    const env = hookEnv(dataDir, { CLAUDE_MEM_EXCLUDED_PROJECTS: 'other,wo*' });
    const start = await runHook('SessionStart', payload('SessionStart(startup)'), env);
    expect(start).toEqual({ code: 0, stdout: '', stderr: '' });
    for (const [event, key] of [
      ['UserPromptSubmit', 'UserPromptSubmit'],
      ['PostToolUse', 'PostToolUse(Bash)'],
      ['Stop', 'Stop'],
      ['SessionEnd', 'SessionEnd(other)'],
    ] as const)
      expect((await runHook(event, payload(key), env)).code).toBe(0);
    expect(existsSync(join(dataDir, 'memory.db'))).toBe(false);
  });

  it('tools in CLAUDE_MEM_SKIP_TOOLS are not recorded', async () => {
    const env = hookEnv(dataDir, { CLAUDE_MEM_SKIP_TOOLS: 'Bash,TodoWrite' });
    await runHook('PostToolUse', payload('PostToolUse(Bash)'), env);
    await runHook('PostToolUse', payload('PostToolUse(Read)'), env);
    expect(
      query<{ payload: string }>('SELECT payload FROM queue').map(
        (r) => JSON.parse(r.payload).toolName,
      ),
    ).toEqual(['Read']);
  });

  it('caps a huge tool output so the row stays small', async () => {
    const p = fixture('2.1.332', 'PostToolUse(Bash)', run);
    const big = {
      ...p,
      tool_response: { stdout: `BEGIN${'z'.repeat(3_000_000)}FINISH`, stderr: '' },
    };
    expect((await runHook('PostToolUse', JSON.stringify(big), hookEnv(dataDir))).code).toBe(0);
    const [row] = query<{ payload: string }>('SELECT payload FROM queue');
    expect(row?.payload.length).toBeLessThan(40_000);
    expect(row?.payload).toContain('BEGIN');
    expect(row?.payload).toContain('FINISH');
  });

  it('keeps a payload over the 5 MiB limit, cut, with a note saying how much was cut', async () => {
    const p = fixture('2.1.332', 'PostToolUse(Write)', run);
    // Escapes everywhere, so a cut in the wrong place would break the JSON.
    const body = `BEGIN${'line "q" \\ \u00e9\n'.repeat(400_000)}FINISH`;
    const stdin = JSON.stringify({ ...p, tool_input: { file_path: '/x', content: body }, tool_response: { stdout: body } });
    expect(stdin.length).toBeGreaterThan(5 * 1024 * 1024);
    const r = await runHook('PostToolUse', stdin, hookEnv(dataDir));
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const [row] = query<{ key: string; payload: string }>('SELECT key, payload FROM queue');
    expect(row?.key).toBe(`cc:${String(p.session_id)}:${String(p.tool_use_id)}`);
    const payload = JSON.parse(row?.payload ?? '{}') as { toolResponse: { note: string }; toolInput: { content: string } };
    expect(payload.toolResponse.note).toMatch(/the hook payload was \d+ bytes, over the 5242880 byte limit; \d+ chars were cut/);
    expect(payload.toolInput.content).toMatch(/^BEGIN/);
    expect(payload.toolInput.content).toMatch(/FINISH$/);
    expect(hookLogs(dataDir)).toMatch(/over the size limit: kept with long strings cut/);
  });

  it('a cwd with a NUL byte: rejected with a clear log line, nothing stored', async () => {
    const p = { ...fixture('2.1.332', 'PostToolUse(Bash)', run), cwd: `${run}/work\u0000evil` };
    const r = await runHook('PostToolUse', JSON.stringify(p), hookEnv(dataDir));
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(hookLogs(dataDir)).toMatch(/cwd: contains a NUL byte/);
    expect(existsSync(join(dataDir, 'memory.db'))).toBe(false);
  });
});
