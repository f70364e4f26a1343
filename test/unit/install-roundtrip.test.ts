import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliContext } from '../../src/cli';
import { loadConfig, resolvePaths } from '../../src/config';
import { ROOT } from '../helpers/hook-run';

let tmp: string;
let home: string;
let out: string[];
let err: string[];

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cm-install-'));
  home = join(tmp, 'home');
  mkdirSync(home);
  out = [];
  err = [];
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function ctx(): CliContext {
  const env = { CLAUDE_MEM_DATA_DIR: join(tmp, 'data'), HOME: home };
  return {
    out: {
      line: (t = '') => void out.push(t),
      json: (v) => void out.push(JSON.stringify(v)),
      warn: (t) => void err.push(t),
      error: (e) => void err.push(e.hint ? `${e.message} ${e.hint}` : e.message),
    },
    env,
    cwd: tmp,
    home,
    now: () => new Date('2026-03-01T10:00:00.000Z'),
    config: () => {
      throw new Error('not used');
    },
    stdin: process.stdin,
    isTTY: false,
  };
}

/** Every entry under `dir`: path → file hash, symlink target, or "dir". */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      const rel = p.slice(dir.length);
      if (st.isSymbolicLink()) out[rel] = `link:${readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[rel] = `dir:${(st.mode & 0o777).toString(8)}`;
        walk(p);
      } else
        out[rel] =
          `file:${(st.mode & 0o777).toString(8)}:${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
    }
  };
  walk(dir);
  return out;
}

describe('claude-mem install / uninstall', () => {
  it('on an empty HOME: links the plugin, and uninstall leaves HOME exactly as it was', async () => {
    const before = snapshot(home);
    expect(await runCli(['install'], ctx())).toBe(0);
    const link = join(home, '.claude/skills/claude-mem');
    expect(readlinkSync(link)).toBe(ROOT);
    expect(out.join('\n')).toContain(`linked: ${link}`);
    expect(await runCli(['uninstall'], ctx())).toBe(0);
    expect(snapshot(home)).toEqual(before);
  });

  it('keeps pre-existing settings byte for byte, re-enabling a disabled plugin and restoring it after', async () => {
    const claude = join(home, '.claude');
    mkdirSync(join(claude, 'skills/other-skill'), { recursive: true });
    writeFileSync(join(claude, 'skills/other-skill/SKILL.md'), '# other\n');
    // Odd formatting on purpose: a rewrite would not reproduce it.
    const settings =
      '{ "theme":"dark",\n\t"enabledPlugins": {"claude-mem@skills-dir": false, "x@y": true},  "hooks": {} }\n';
    writeFileSync(join(claude, 'settings.json'), settings, { mode: 0o640 });
    writeFileSync(join(home, '.claude.json'), '{"numStartups": 3}');
    const before = snapshot(home);

    expect(await runCli(['install'], ctx())).toBe(0);
    const edited = JSON.parse(readFileSync(join(claude, 'settings.json'), 'utf8'));
    expect(edited.enabledPlugins).toEqual({ 'x@y': true });
    expect(edited.theme).toBe('dark');
    const backups = join(resolvePaths(ctx().env).backupsDir);
    const [stamp] = readdirSync(backups);
    expect(readFileSync(join(backups, stamp as string, 'settings.json'), 'utf8')).toBe(settings);
    expect(out.join('\n')).toMatch(/backed up: .*settings\.json/);
    expect(out.join('\n')).toMatch(/edited: .*settings\.json/);

    // Installing twice changes nothing more.
    out = [];
    expect(await runCli(['install'], ctx())).toBe(0);
    expect(out.join('\n')).toContain('already installed');

    expect(await runCli(['uninstall'], ctx())).toBe(0);
    expect(out.join('\n')).toMatch(/restored: .*settings\.json/);
    expect(snapshot(home)).toEqual(before);
  });

  it('restores a symlink it replaced, and refuses to overwrite a real folder', async () => {
    const skills = join(home, '.claude/skills');
    mkdirSync(skills, { recursive: true });
    symlinkSync('/some/old/claude-mem', join(skills, 'claude-mem'));
    const before = snapshot(home);
    expect(await runCli(['install'], ctx())).toBe(0);
    expect(readlinkSync(join(skills, 'claude-mem'))).toBe(ROOT);
    expect(await runCli(['uninstall'], ctx())).toBe(0);
    expect(snapshot(home)).toEqual(before);

    rmSync(join(skills, 'claude-mem'));
    mkdirSync(join(skills, 'claude-mem'));
    const code = await runCli(['install'], ctx());
    expect(code).not.toBe(0);
    expect(err.join('\n')).toContain('already exists');
  });

  it('uninstall without install changes nothing', async () => {
    const before = snapshot(home);
    expect(await runCli(['uninstall'], ctx())).toBe(0);
    expect(out.join('\n')).toContain('not installed');
    expect(snapshot(home)).toEqual(before);
  });

  it('warns when another claude-mem plugin is enabled too', async () => {
    mkdirSync(join(home, '.claude'));
    writeFileSync(
      join(home, '.claude/settings.json'),
      '{"enabledPlugins":{"claude-mem@thedotmack":true}}',
    );
    expect(await runCli(['install'], ctx())).toBe(0);
    expect(err.join('\n')).toContain('claude-mem@thedotmack is also enabled');
    expect(err.join('\n')).toContain('claude plugin disable claude-mem@thedotmack');
  });

  it('status and doctor name every other claude-mem plugin enabled, with the command that disables it', async () => {
    mkdirSync(join(home, '.claude'));
    writeFileSync(
      join(home, '.claude/settings.json'),
      JSON.stringify({
        enabledPlugins: { 'claude-mem@thedotmack': true, 'claude-mem@my-fork': true, 'claude-mem@old': false, 'claude-mem@skills-dir': true, 'other@thedotmack': true },
      }),
    );
    for (const command of [['status'], ['doctor']]) {
      out.length = 0;
      err.length = 0;
      const c = ctx();
      await runCli(command, { ...c, config: () => loadConfig({ env: { ...c.env, CLAUDE_MEM_WORKER_PORT: '0' }, home }) });
      const text = [...out, ...err].join('\n');
      expect(text, command[0]).toContain('claude plugin disable claude-mem@thedotmack');
      expect(text, command[0]).toContain('claude plugin disable claude-mem@my-fork');
      expect(text, command[0]).not.toContain('claude-mem@old');
      expect(text, command[0]).not.toContain('disable claude-mem@skills-dir');
      expect(text, command[0]).not.toContain('other@thedotmack');
    }
  });

  it('a broken settings.json stops install and uninstall with a clear error, and nothing is changed', async () => {
    const claude = join(home, '.claude');
    mkdirSync(claude);
    const settingsPath = join(claude, 'settings.json');
    writeFileSync(settingsPath, '{"enabledPlugins": {"claude-mem@skills-dir": false},}');
    const before = snapshot(home);
    expect(await runCli(['install'], ctx())).not.toBe(0);
    expect(err.join('\n')).toContain(`${settingsPath} is not valid JSON`);
    expect(err.join('\n')).toContain(`Fix the JSON in ${settingsPath}`);
    expect(snapshot(home)).toEqual(before); // no link, no edit

    // Installed while the file was fine, broken since: uninstall undoes nothing rather than half.
    writeFileSync(settingsPath, '{"enabledPlugins": {"claude-mem@skills-dir": false}}');
    expect(await runCli(['install'], ctx())).toBe(0);
    writeFileSync(settingsPath, '{"theme": "dark"');
    const installed = snapshot(home);
    err = [];
    expect(await runCli(['uninstall'], ctx())).not.toBe(0);
    expect(err.join('\n')).toContain(`${settingsPath} is not valid JSON`);
    expect(snapshot(home)).toEqual(installed);

    // status reports it as a warning, with the same words, and does not fail because of it.
    err = [];
    out = [];
    const c = ctx();
    await runCli(['status'], { ...c, config: () => loadConfig({ env: { ...c.env, CLAUDE_MEM_WORKER_PORT: '0' }, home }) });
    expect(err.join('\n')).toContain(`${settingsPath} is not valid JSON`);
  });
});
