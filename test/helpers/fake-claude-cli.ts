// A tiny stand-in for the `claude` CLI (a node script), for the claude-code provider's process
// tests: it records its argv, environment and stdin, then behaves as FAKE_CLAUDE_MODE says.
// Everything it starts carries its folder in its command line, so a test can count leftovers.
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type FakeClaudeMode =
  | 'ok'
  | 'not_logged_in'
  | 'usage_limit'
  | 'rate_limit'
  | 'server_error'
  | 'prompt_too_long'
  | 'hang'
  | 'non_json'
  | 'exit_2'
  | 'unknown_flag';

const SCRIPT = String.raw`#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const dir = __dirname;
const modeFile = path.join(dir, 'mode');
const mode = process.env.FAKE_CLAUDE_MODE || (fs.existsSync(modeFile) ? fs.readFileSync(modeFile, 'utf8').trim() : 'ok');
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  fs.writeFileSync(path.join(dir, 'calls', process.pid + '.json'), JSON.stringify({ argv: process.argv.slice(2), env: process.env, stdin: input, cwd: process.cwd() }));
  const result = (extra) => JSON.stringify({ type: 'result', subtype: 'success', is_error: false, api_error_status: null, num_turns: 1, session_id: 's', usage: { input_tokens: 300, cache_creation_input_tokens: 20, cache_read_input_tokens: 1, output_tokens: 123 }, modelUsage: { 'fake-claude-model': {} }, ...extra });
  const error = (msg, status, extra) => { process.stdout.write(result({ is_error: true, api_error_status: status, result: msg, usage: { input_tokens: 0, output_tokens: 0 }, modelUsage: {}, ...extra }) + '\n'); process.exit(1); };
  switch (mode) {
    case 'ok': process.stdout.write('some warning line\n' + result({ result: process.env.FAKE_CLAUDE_TEXT || 'ok' }) + '\n'); process.exit(0);
    case 'not_logged_in': return error('Not logged in · Please run /login', null);
    case 'usage_limit': return error("You've hit your usage limit · resets 5pm (UTC)", 429);
    case 'rate_limit': return error('API Error: Request rejected (429) · slow down', 429);
    case 'server_error': return error('API Error: 500 internal boom', 500);
    case 'prompt_too_long': return error('Prompt is too long', 400, { terminal_reason: 'prompt_too_long' });
    case 'non_json': process.stdout.write('Hello! I am not JSON.\n'); process.exit(0);
    case 'exit_2': process.stderr.write('panic: the fake CLI crashed\n'); process.exit(2);
    case 'unknown_flag': process.stderr.write("error: unknown option '--safe-mode'\n"); process.exit(1);
    case 'hang':
      // A grandchild that would outlive us if only we were killed, then wait forever.
      spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)', dir], { stdio: 'ignore' });
      fs.writeFileSync(path.join(dir, 'hanging'), String(process.pid));
      setInterval(() => {}, 1e6);
  }
});
`;

export interface FakeClaude {
  dir: string;
  /** The executable (named `claude`, so a PATH lookup finds it). */
  bin: string;
  /** The mode of runs whose environment does not set FAKE_CLAUDE_MODE (a worker's child). */
  setMode(mode: FakeClaudeMode): void;
  /** What each run saw, oldest first. */
  calls(): Array<{ argv: string[]; env: Record<string, string>; stdin: string; cwd: string }>;
}

export function makeFakeClaude(dir: string): FakeClaude {
  mkdirSync(join(dir, 'calls'), { recursive: true });
  const bin = join(dir, 'claude');
  writeFileSync(bin, SCRIPT);
  chmodSync(bin, 0o755);
  return {
    dir,
    bin,
    setMode: (mode) => writeFileSync(join(dir, 'mode'), mode),
    calls: () =>
      readdirSync(join(dir, 'calls'))
        .map((f) => JSON.parse(readFileSync(join(dir, 'calls', f), 'utf8')) as ReturnType<FakeClaude['calls']>[number]),
  };
}

/** Live (non-zombie) processes whose command line mentions `marker`. */
export function processesMentioning(marker: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (!cmd.includes(marker)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (/\) Z /.test(stat)) continue;
      out.push(Number(name));
    } catch (err) {
      void err; // it exited while we looked
    }
  }
  return out;
}
