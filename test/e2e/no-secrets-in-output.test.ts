// "No output path carries a credential": every credential in .env and every URL setting (user
// info and ?key= query) holds a planted secret; then EVERY worker route (enumerated from the app
// itself, so a route added later is covered too), EVERY CLI command (from COMMANDS) and every log
// file are searched for any planted byte. The backend echoes the key it was sent in its error body.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli';
import { CREDENTIAL_KEYS, isSettingKey, SETTING_KEYS, SETTINGS, URL_EXPECTED, type SettingKey } from '../../src/config';
import { endSession, enqueueEvent, openStore, upsertProject, upsertSession } from '../../src/store';
import { createApp, createEventFeed, createSessionStore, type AppDeps, type WorkerStatus } from '../../src/worker';
import { startFakeLlm, type FakeLlm } from '../helpers/fake-llm';
import { seedViewerData } from '../helpers/viewer-seed';
import { childEnv, CLI, ROOT, runCli, type RunResult } from '../helpers/worker-procs';

const PLANTED: string[] = [];
/** A unique, greppable secret fragment. */
const plant = (label: string) => {
  const s = `PLANTED${label.replace(/[^A-Za-z0-9]/g, '')}x${Math.random().toString(36).slice(2, 10)}`;
  PLANTED.push(s);
  return s;
};
/** A URL whose user, password, query and fragment are all planted. */
const secretUrl = (label: string, hostPort: string, path = '') =>
  `http://${plant(`${label}user`)}:${plant(`${label}pw`)}@${hostPort}${path}?key=${plant(`${label}query`)}#${plant(`${label}frag`)}`;

const URL_SETTINGS = SETTING_KEYS.filter((k) => SETTINGS[k].expected === URL_EXPECTED);

let home: string;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let llm: FakeLlm;
const outputs: Array<{ what: string; text: string }> = [];
const record = (what: string, r: RunResult | { stdout: string; stderr?: string }) =>
  outputs.push({ what, text: `${r.stdout}\n${r.stderr ?? ''}` });

/** Each output that holds a planted secret, with the text around the first one (to see which path leaked). */
function leaks(): string[] {
  const found: string[] = [];
  for (const o of outputs) {
    const hit = PLANTED.map((s) => o.text.indexOf(s)).filter((i) => i >= 0);
    if (hit.length) found.push(`${o.what}: …${o.text.slice(Math.max(0, Math.min(...hit) - 80), Math.min(...hit) + 40)}…`);
  }
  return found;
}

/** Every METHOD path the worker's app serves, read from a real app instance. */
function workerRoutes(): Array<{ method: string; path: string }> {
  const logger = { debug() {}, info() {}, warn() {}, error() {} } as unknown as AppDeps['logger'];
  const db = openStore(join(home, 'routes.db'));
  const app = createApp({
    db,
    token: 'x',
    sessions: createSessionStore(),
    feed: createEventFeed(db, logger),
    port: () => 1,
    version: 't',
    status: () => ({}) as WorkerStatus,
    nudge: () => undefined,
    search: () => ({ embedder: undefined, recency: false }),
    now: () => new Date(),
    logger,
    loadConfig: () => {
      throw new Error('not used');
    },
  });
  db.close();
  const seen = new Set<string>();
  return app.routes
    .filter((r) => r.method !== 'ALL')
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
    .map((r) => ({ method: r.method, path: r.path }));
}

/** Concrete paths for a route pattern: every credential and setting for `:key`, an id for `:id`. */
function expand(path: string): string[] {
  let out = [path];
  if (path.includes(':key')) out = out.flatMap((p) => [...CREDENTIAL_KEYS, ...SETTING_KEYS].map((k) => p.replace(':key', k)));
  return out.map((p) => p.replace(/:[a-zA-Z]+/g, '1'));
}

beforeAll(async () => {
  if (!existsSync(CLI)) {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  }
  home = mkdtempSync(join(tmpdir(), 'cm-nosecret-'));
  dataDir = join(home, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  // The backend refuses with a body that quotes back every credential header it received.
  llm = await startFakeLlm('anthropic');
  llm.reply((req) => ({
    kind: 'raw',
    status: 401,
    body: JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: `bad key ${req.headers['x-api-key']} / ${req.headers.authorization}` } }),
  }));
  seedViewerData(join(dataDir, 'memory.db'), new Date());
  const db = openStore(join(dataDir, 'memory.db'));
  const now = new Date().toISOString();
  const projectId = upsertProject(db, '/work/p', 'p', now);
  const sessionId = upsertSession(db, { host: 'claude-code', hostSessionId: 'leak', projectId, cwd: '/work/p', now }).id;
  enqueueEvent(db, {
    key: 'leak:1',
    sessionId,
    projectId,
    promptNumber: 1,
    payload: { kind: 'tool', toolName: 'Bash', toolInput: { command: 'ls' }, toolResponse: 'ok', failed: false, cwd: '/work/p' },
    now,
  });
  endSession(db, sessionId, 'exit', now);
  db.close();
  const lines = CREDENTIAL_KEYS.map((k) =>
    // Ends in /v1 (no query) so the "/v1" warning fires and quotes it: the reported leak.
    k === 'ANTHROPIC_BASE_URL' ? `${k}=http://${plant('baseuser')}:${plant('basepw')}@127.0.0.1:${llm.port}/v1` : `${k}=${plant(k)}`,
  );
  writeFileSync(join(dataDir, '.env'), `${lines.join('\n')}\n`, { mode: 0o600 });
  const settings: Record<string, string> = { CLAUDE_MEM_PROVIDER: 'claude', CLAUDE_MEM_EMBEDDINGS_PROVIDER: 'openai' };
  for (const k of URL_SETTINGS) settings[k] = secretUrl(k, '127.0.0.1:9', '/v1');
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings), { mode: 0o600 });
  env = childEnv(dataDir, { HOME: home });
  record('worker start', await runCli(['worker', 'start'], env));
  // Before the route sweep rewrites the config: the commands that quote the /v1 warning.
  for (const cmd of [['config'], ['status'], ['doctor']]) record(`claude-mem ${cmd.join(' ')} (planted config)`, await runCli(cmd, env));
}, 60_000);

afterAll(async () => {
  await runCli(['worker', 'stop'], env);
  await llm.close();
  rmSync(home, { recursive: true, force: true });
});

describe('no planted secret appears in any output', () => {
  it('every worker route, with the token and with a viewer cookie, answers without a secret', async () => {
    const rt = JSON.parse(readFileSync(join(dataDir, 'worker.json'), 'utf8')) as { port: number };
    const base = `http://127.0.0.1:${rt.port}`;
    const token = readFileSync(join(dataDir, 'worker.token'), 'utf8').trim();
    // Let the drain try the backend once, so its failure is in status and the logs.
    for (let i = 0; i < 100 && llm.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const code = (await (await fetch(`${base}/api/login-codes`, { method: 'POST', headers: { 'x-claude-mem-token': token } })).json()) as { code: string };
    const login = await fetch(`${base}/login?code=${code.code}`, { redirect: 'manual' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const routes = workerRoutes();
    expect(routes.length).toBeGreaterThan(10);
    // Reads first, writes after, deletes last: each write plants a fresh secret of its own.
    const order = (m: string) => ({ GET: 0, POST: 1, PUT: 2, DELETE: 3 })[m] ?? 1;
    routes.sort((a, b) => order(a.method) - order(b.method));
    const auths: Array<Record<string, string>> = [{ 'x-claude-mem-token': token }, { cookie }];
    for (const auth of auths) {
      for (const r of routes) {
        for (const path of expand(r.path)) {
          const key = path.split('/').pop() ?? '';
          // Secrets go where secrets belong (credentials, URL settings); other settings get their default.
          const value = URL_SETTINGS.includes(key as SettingKey) || key === 'ANTHROPIC_BASE_URL'
            ? secretUrl(`w${key}`, '127.0.0.1:9')
            : isSettingKey(key)
              ? String(SETTINGS[key].default)
              : plant(`w${key}`);
          const res = await fetch(`${base}${path}`, {
            method: r.method,
            redirect: 'manual',
            headers: { ...auth, 'content-type': 'application/json' },
            ...(r.method === 'PUT' || r.method === 'POST' ? { body: JSON.stringify({ value }) } : {}),
            signal: AbortSignal.timeout(3_000),
          });
          let text = '';
          if ((res.headers.get('content-type') ?? '').includes('event-stream')) {
            const reader = res.body?.getReader();
            const first = await reader?.read();
            text = new TextDecoder().decode(first?.value);
            await reader?.cancel();
          } else text = await res.text();
          outputs.push({ what: `${r.method} ${path} (${'cookie' in auth ? 'cookie' : 'token'}) → ${res.status}`, text });
        }
      }
    }
    expect(leaks()).toEqual([]);
  }, 120_000);

  it('every CLI command (plain, --json and its usual arguments) prints no secret', async () => {
    const extra: Record<string, string[][]> = {
      config: [['set', 'CLAUDE_MEM_OPENROUTER_BASE_URL', secretUrl('cliset', 'h.example')], ['set', 'CLAUDE_MEM_GEMINI_BASE_URL', `ftp://${plant('badu')}:${plant('badp')}@h`]],
      doctor: [['--probe'], ['--probe', '--json']],
      worker: [['status'], ['status', '--json'], ['logs']],
      search: [['memory'], ['memory', '--json']],
      open: [['--no-browser']],
      show: [['1']],
      timeline: [['--json']],
    };
    expect(COMMANDS.length).toBeGreaterThan(10);
    for (const c of COMMANDS) {
      if (c.name === 'install' || c.name === 'uninstall' || c.name === 'start') continue; // they register hooks / spawn; `worker start` ran above
      for (const args of [[], ['--json'], ...(extra[c.name] ?? [])]) {
        record(`claude-mem ${c.name} ${args.join(' ')}`, await runCli([c.name, ...args], env));
      }
    }
    for (const cmd of ['config', 'status', 'doctor']) {
      expect(outputs.find((o) => o.what === `claude-mem ${cmd} (planted config)`)?.text, cmd).toContain('ends in /v1');
    }
    expect(leaks()).toEqual([]);
  }, 180_000);

  it('no log file holds a secret', () => {
    const logs = join(dataDir, 'logs');
    for (const f of readdirSync(logs)) {
      const p = join(logs, f);
      if (statSync(p).isFile()) outputs.push({ what: `logs/${f}`, text: readFileSync(p, 'utf8') });
    }
    expect(outputs.some((o) => o.what.startsWith('logs/worker'))).toBe(true);
    expect(leaks()).toEqual([]);
  });
});
