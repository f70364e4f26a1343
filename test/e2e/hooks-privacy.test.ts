// "<private> content and secrets never reach the DB, the logs or the model": a corpus of generated
// secrets of every kind, embedded in prompts, tool inputs, tool outputs and turn ends, goes
// through the real hooks; then the raw bytes of the database (+ WAL), the logs and every request
// the worker sent to a fake provider are searched for each secret.
import type { ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store';
import { startFakeModel, type FakeModel } from '../helpers/claude-fake-model';
import { hookEnv, runHook } from '../helpers/hook-run';
import { secretCorpus, type GeneratedSecret } from '../helpers/hook-secrets';
import { endRun, spawnWorker, waitForDrain } from '../helpers/privacy-worker';

const PER_KIND = 12;
const GROUPS = 6;

let run: string;
let dataDir: string;
let corpus: GeneratedSecret[];
let fake: FakeModel;
let worker: ChildProcess | undefined;

/** What must never be found: each secret, and each line of a multi-line one (JSON escapes newlines). */
function needles(s: GeneratedSecret): string[] {
  return [s.secret, ...s.secret.split('\n')].filter((n) => n.length >= 8);
}

function leaks(haystack: Buffer, where: string): string[] {
  return corpus.flatMap((s) =>
    needles(s)
      .filter((n) => haystack.includes(n))
      .map(() => `${s.kind} in ${where}`),
  );
}

beforeAll(async () => {
  run = mkdtempSync(join(tmpdir(), 'cm-privacy-'));
  dataDir = join(run, 'data');
  mkdirSync(join(run, 'work'), { recursive: true });
  corpus = secretCorpus(PER_KIND);
  const env = hookEnv(dataDir);
  const base = {
    session_id: 'privacy-session',
    transcript_path: join(run, 't.jsonl'),
    cwd: join(run, 'work'),
  };
  for (let g = 0; g < GROUPS; g++) {
    const group = corpus.filter((_, i) => i % GROUPS === g);
    const texts = group.map((s) => s.text);
    const hooks: Array<[string, Record<string, unknown>]> = [
      [
        'UserPromptSubmit',
        { ...base, hook_event_name: 'UserPromptSubmit', prompt: `Turn ${g}:\n${texts.join('\n')}` },
      ],
      [
        'PostToolUse',
        {
          ...base,
          hook_event_name: 'PostToolUse',
          tool_name: 'Bash',
          tool_use_id: `toolu_privacy_${g}`,
          tool_input: { command: texts.slice(0, 10).join(' && '), description: texts.at(-1) },
          tool_response: {
            stdout: texts.join('\n'),
            stderr: texts.slice(5).join('\n'),
            interrupted: false,
          },
        },
      ],
      [
        'PostToolUse',
        {
          ...base,
          hook_event_name: 'PostToolUse',
          tool_name: 'Write',
          tool_use_id: `toolu_privacy_w${g}`,
          tool_input: { file_path: join(run, 'work/.env'), content: texts.join('\n') },
          tool_response: { type: 'create', filePath: '.env', content: texts.join('\n') },
        },
      ],
      [
        'PostToolUseFailure',
        {
          ...base,
          hook_event_name: 'PostToolUseFailure',
          tool_name: 'Bash',
          tool_use_id: `toolu_privacy_f${g}`,
          tool_input: { command: texts[0] },
          error: texts.join('\n'),
        },
      ],
      [
        'Stop',
        { ...base, hook_event_name: 'Stop', last_assistant_message: `Done. ${texts.join(' ')}` },
      ],
    ];
    for (const [event, payload] of hooks) {
      const r = await runHook(event, JSON.stringify(payload), env);
      expect(r.code).toBe(0);
    }
  }
  await runHook(
    'SessionEnd',
    JSON.stringify({ ...base, hook_event_name: 'SessionEnd', reason: 'other' }),
    env,
  );

  // Then let the worker compress it all through the claude provider, pointed at a fake server.
  fake = await startFakeModel();
  writeFileSync(
    join(dataDir, '.env'),
    `ANTHROPIC_BASE_URL=${fake.url}\nANTHROPIC_API_KEY=sk-ant-fake-provider-key\n`,
    { mode: 0o600 },
  );
  worker = spawnWorker(dataDir);
  await waitForDrain(dataDir, fake, 60_000);
}, 180_000);

afterAll(() => endRun(worker, fake, run));

describe('privacy fuzz through the real hooks', () => {
  it(`generated ${PER_KIND} secrets of every kind (and <private> blocks)`, () => {
    expect(corpus.length).toBeGreaterThan(PER_KIND * 15);
  });

  it('the events were recorded, with markers where the secrets were', () => {
    const db = openStore(join(dataDir, 'memory.db'));
    const payloads = (db.prepare('SELECT payload FROM queue').all() as Array<{ payload: string }>)
      .map((r) => r.payload)
      .join('\n');
    const prompts = (db.prepare('SELECT text FROM prompts').all() as Array<{ text: string }>)
      .map((r) => r.text)
      .join('\n');
    db.close();
    for (const kind of new Set(corpus.map((s) => s.kind).filter((k) => k !== 'private'))) {
      expect(payloads, kind).toContain(`[REDACTED:${kind}]`);
    }
    expect(prompts).toContain('Turn 0:');
    expect(prompts).toContain('[REDACTED:');
  });

  it('no secret byte is in the database file or its WAL', () => {
    const files = readdirSync(dataDir).filter((f) => f.startsWith('memory.db'));
    expect(files).toContain('memory.db');
    expect(files.flatMap((f) => leaks(readFileSync(join(dataDir, f)), f))).toEqual([]);
  });

  it('no secret byte is in the logs', () => {
    const logs = join(dataDir, 'logs');
    const files = existsSync(logs) ? readdirSync(logs) : [];
    expect(files.flatMap((f) => leaks(readFileSync(join(logs, f)), `logs/${f}`))).toEqual([]);
  });

  it('no secret byte is in any request to the model provider', () => {
    const posts = fake.requests.filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.flatMap((r, i) => leaks(Buffer.from(r.raw), `provider request ${i}`))).toEqual([]);
  });
});
