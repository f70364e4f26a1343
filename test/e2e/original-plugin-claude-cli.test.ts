// The original claude-mem's plugin still enabled in Claude Code: status names it with a command,
// and that exact command, run with the real Claude Code CLI (2.1.197), really disables it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_BIN } from '../helpers/claude-cli';
import { runCli } from '../helpers/worker-procs';

describe('both plugins enabled (real Claude Code CLI)', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'cm-both-plugins-'));
    mkdirSync(join(home, '.claude'));
    writeFileSync(
      join(home, '.claude/settings.json'),
      JSON.stringify({ enabledPlugins: { 'claude-mem@thedotmack': true, 'claude-mem@skills-dir': true } }, null, 2),
    );
    env = {
      HOME: home,
      PATH: process.env.PATH ?? '',
      CLAUDE_MEM_DATA_DIR: join(home, '.claude-mem'),
      CLAUDE_MEM_WORKER_PORT: '0',
      CLAUDE_MEM_PROVIDER: 'offline',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    };
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('status prints a command that disables the original with the real CLI; then status is quiet about it', async () => {
    const before = await runCli(['status'], env);
    expect(before.code, before.stderr).toBe(0);
    const command = /Disable it with: (claude plugin disable \S+)/.exec(before.stderr)?.[1];
    expect(command).toBe('claude plugin disable claude-mem@thedotmack');
    const args = (command as string).split(' ').slice(1);
    execFileSync(CLAUDE_BIN, args, { env, stdio: 'pipe', timeout: 60_000 });
    const settings = JSON.parse(readFileSync(join(home, '.claude/settings.json'), 'utf8')) as { enabledPlugins: Record<string, boolean> };
    expect(settings.enabledPlugins['claude-mem@thedotmack']).toBe(false);
    expect(settings.enabledPlugins['claude-mem@skills-dir']).toBe(true);
    const after = await runCli(['status'], env);
    expect(after.stderr).not.toContain('claude-mem@thedotmack');
  }, 120_000);
});
