// "No secret byte is stored or sent": the real-world secret corpus (test/fixtures/secret-corpus.ts)
// and <private> blocks that span fields go through every path that stores or sends text — the real
// hook processes (prompts, tool input and output, turn ends), the spool (database unavailable),
// MCP save_memory through the real MCP server, and the worker's requests to a fake model provider.
// Then the raw bytes of the database, its WAL, the logs, the spool and every request body are
// searched for every secret.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store';
import { secretCases, type SecretCase } from '../fixtures/secret-corpus';
import { startFakeModel, type FakeModel } from '../helpers/claude-fake-model';
import { hookEnv, ROOT, runHook } from '../helpers/hook-run';
import { endRun, spawnWorker, waitForDrain } from '../helpers/privacy-worker';
import { filesUnder, leaksIn } from '../helpers/secret-leaks';

const GROUPS = 6;

let run: string;
let dataDir: string;
let spoolData: string;
let cases: SecretCase[];
let fake: FakeModel;
let worker: ChildProcess | undefined;

const report = (sink: string, files: Array<[string, Buffer]>): string[] => leaksIn(cases, sink, files);

/** Secrets inside <private> blocks that open in one field and close in another. */
function privateSpans(): SecretCase[] {
  return Array.from({ length: 4 }, (_, i) => ({
    id: `private span ${i}`,
    group: 'private',
    text: '',
    secrets: [`PRIVATE-IN-${i}-${Math.random().toString(36).slice(2, 12)}`, `PRIVATE-OUT-${i}-${Math.random().toString(36).slice(2, 12)}`],
  }));
}

beforeAll(async () => {
  run = mkdtempSync(join(tmpdir(), 'cm-privacy-corpus-'));
  dataDir = join(run, 'data');
  spoolData = join(run, 'spool-data');
  const work = join(run, 'work');
  mkdirSync(join(work, '.git'), { recursive: true });
  const spans = privateSpans();
  cases = [...secretCases(), ...spans];
  const corpus = cases.filter((c) => c.group !== 'private');
  const env = hookEnv(dataDir);
  const base = { session_id: 'privacy-corpus', transcript_path: join(run, 't.jsonl'), cwd: work };
  for (let g = 0; g < GROUPS; g++) {
    const texts = corpus.filter((_, i) => i % GROUPS === g).map((c) => c.text);
    const span = spans[g % spans.length] as SecretCase;
    const [inside, outside] = span.secrets as [string, string];
    const hooks: Array<[string, Record<string, unknown>]> = [
      ['UserPromptSubmit', { ...base, hook_event_name: 'UserPromptSubmit', prompt: `Turn ${g}:\n${texts.join('\n')}` }],
      [
        'PostToolUse',
        {
          ...base,
          hook_event_name: 'PostToolUse',
          tool_name: 'Bash',
          tool_use_id: `toolu_corpus_${g}`,
          tool_input: { command: texts.join('\n'), description: `step ${g}` },
          tool_response: { stdout: texts.join('\n'), stderr: JSON.stringify(texts), interrupted: false },
        },
      ],
      [
        'PostToolUse',
        {
          ...base,
          hook_event_name: 'PostToolUse',
          tool_name: 'Bash',
          tool_use_id: `toolu_span_${g}`,
          // Opened in the input, closed in the output, across array elements.
          tool_input: { command: `echo <private>${inside}`, args: ['x', inside] },
          tool_response: { stdout: [outside, `${outside}</private> visible-${g}`], interrupted: false },
        },
      ],
      ['Stop', { ...base, hook_event_name: 'Stop', last_assistant_message: `Done. ${texts.join(' ')}` }],
    ];
    for (const [event, payload] of hooks) expect((await runHook(event, JSON.stringify(payload), env)).code).toBe(0);
  }

  // The spool: a database that cannot be opened (a folder where the file should be).
  mkdirSync(join(spoolData, 'memory.db'), { recursive: true });
  const spoolEnv = hookEnv(spoolData);
  const all = corpus.map((c) => c.text);
  expect(
    (await runHook('PostToolUse', JSON.stringify({ ...base, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_use_id: 'toolu_spool', tool_input: { command: all.join('\n') }, tool_response: { stdout: all.join('\n') } }), spoolEnv)).code,
  ).toBe(0);
  expect((await runHook('UserPromptSubmit', JSON.stringify({ ...base, hook_event_name: 'UserPromptSubmit', prompt: all.join('\n') }), spoolEnv)).code).toBe(0);

  // MCP save_memory through the real server.
  const client = new Client({ name: 'privacy-test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [join(ROOT, 'dist/bin/mcp.js')],
      cwd: work,
      env: { PATH: process.env.PATH ?? '', HOME: run, CLAUDE_MEM_DATA_DIR: dataDir, CLAUDE_MEM_WORKER_PORT: '0' },
      stderr: 'pipe',
    }),
  );
  for (let g = 0; g < GROUPS; g++) {
    const texts = corpus.filter((_, i) => i % GROUPS === g).map((c) => c.text);
    const r = (await client.callTool({
      name: 'save_memory',
      arguments: { text: `Note ${g}: ${texts.join('\n')}`, files: texts.filter((t) => t.length <= 500).slice(0, 5) },
    })) as { isError?: boolean; content: Array<{ text?: string }> };
    expect(r.isError, r.content[0]?.text).toBeFalsy();
  }
  await client.close();

  // The worker compresses everything through the claude provider, pointed at a fake server.
  fake = await startFakeModel();
  writeFileSync(join(dataDir, '.env'), `ANTHROPIC_BASE_URL=${fake.url}\nANTHROPIC_API_KEY=sk-ant-fake-provider-key\n`, { mode: 0o600 });
  await runHook('SessionEnd', JSON.stringify({ ...base, hook_event_name: 'SessionEnd', reason: 'other' }), env);
  worker = spawnWorker(dataDir);
  await waitForDrain(dataDir, fake, 90_000);
}, 240_000);

afterAll(() => endRun(worker, fake, run));

describe('the secret corpus through every path that stores or sends text', () => {
  it('the events, prompts and notes were recorded, with markers where the secrets were', () => {
    const db = openStore(join(dataDir, 'memory.db'));
    const payloads = (db.prepare('SELECT payload FROM queue').all() as Array<{ payload: string }>).map((r) => r.payload).join('\n');
    const notes = (db.prepare(`SELECT narrative FROM observations WHERE origin = 'manual'`).all() as Array<{ narrative: string }>).map((r) => r.narrative).join('\n');
    db.close();
    expect(payloads).toContain('[REDACTED:');
    expect(payloads).toContain('visible-0');
    expect(notes).toContain('Note 0:');
    expect(notes).toContain('[REDACTED:');
  });

  it('the spool holds the events the database could not take', () => {
    expect(filesUnder(join(spoolData, 'spool')).length).toBeGreaterThan(0);
  });

  it('no secret byte is in the database file, its WAL or shared memory', () => {
    const files = readdirSync(dataDir).filter((f) => f.startsWith('memory.db')).map((f): [string, Buffer] => [f, readFileSync(join(dataDir, f))]);
    expect(files.map(([f]) => f)).toContain('memory.db');
    expect(report('database + WAL', files)).toEqual([]);
  });

  it('no secret byte is in the logs or the spool', () => {
    expect(report('logs', [...filesUnder(join(dataDir, 'logs')), ...filesUnder(join(spoolData, 'logs'))])).toEqual([]);
    expect(report('spool', filesUnder(join(spoolData, 'spool')))).toEqual([]);
  });

  it('no secret byte is in any request to the model provider', () => {
    const posts = fake.requests.filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThan(0);
    expect(report('model requests', posts.map((r, i): [string, Buffer] => [`request ${i}`, Buffer.from(r.raw)]))).toEqual([]);
  });
});
