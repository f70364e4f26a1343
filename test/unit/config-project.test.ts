// Project identity: the git top-level (a worktree maps to its main repository), else the folder
// itself. Built with the real `git` binary so the layouts are the ones git really writes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveProject } from '../../src/config';

let base: string;

beforeEach(() => {
  // realpath: on some systems tmpdir() is itself a symlink, and identities are real paths.
  base = realpathSync(mkdtempSync(join(tmpdir(), 'cm-project-')));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', '-c', 'protocol.file.allow=always', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: base } },
  ).trim();
}

function repo(path: string): string {
  mkdirSync(path, { recursive: true });
  git(path, 'init', '-q');
  git(path, 'commit', '-q', '--allow-empty', '-m', 'init');
  return path;
}

describe('resolveProject', () => {
  it('the same folder name in two places is two projects (same display name)', () => {
    const a = repo(join(base, 'one', 'app'));
    const b = join(base, 'two', 'app');
    mkdirSync(b, { recursive: true });
    const pa = resolveProject(a);
    const pb = resolveProject(b);
    expect(pa).toEqual({ root: a, name: 'app' });
    expect(pb).toEqual({ root: b, name: 'app' });
    expect(pa.root).not.toBe(pb.root);
  });

  it('a subfolder maps to its git top-level', () => {
    const r = repo(join(base, 'svc'));
    const deep = join(r, 'src', 'lib', 'deep');
    mkdirSync(deep, { recursive: true });
    expect(resolveProject(deep)).toEqual({ root: r, name: 'svc' });
    expect(git(deep, 'rev-parse', '--show-toplevel')).toBe(r);
  });

  it('a `git worktree add` worktree (and a folder inside it) maps to the main repository', () => {
    const main = repo(join(base, 'mainrepo'));
    const wt = join(base, 'elsewhere', 'feature-x');
    git(main, 'worktree', 'add', '-q', '-b', 'feature-x', wt);
    mkdirSync(join(wt, 'pkg'), { recursive: true });
    expect(resolveProject(wt)).toEqual({ root: main, name: 'mainrepo' });
    expect(resolveProject(join(wt, 'pkg'))).toEqual({ root: main, name: 'mainrepo' });
    expect(resolveProject(main)).toEqual({ root: main, name: 'mainrepo' });
  });

  it('a folder outside any git repository is its own project', () => {
    const plain = join(base, 'notes', 'scratch');
    mkdirSync(plain, { recursive: true });
    expect(resolveProject(plain)).toEqual({ root: plain, name: 'scratch' });
  });

  it('a submodule-style .git file without commondir is its own project', () => {
    const outer = repo(join(base, 'outer'));
    mkdirSync(join(outer, '.git', 'modules', 'vendored'), { recursive: true });
    const sub = join(outer, 'vendored');
    mkdirSync(sub);
    writeFileSync(join(sub, '.git'), 'gitdir: ../.git/modules/vendored\n');
    expect(resolveProject(sub)).toEqual({ root: sub, name: 'vendored' });
  });

  it('a real git submodule is its own project', () => {
    const lib = repo(join(base, 'libsrc'));
    const outer = repo(join(base, 'host'));
    git(outer, 'submodule', '-q', 'add', lib, 'third_party/lib');
    const sub = join(outer, 'third_party', 'lib');
    expect(resolveProject(sub)).toEqual({ root: sub, name: 'lib' });
    expect(resolveProject(join(outer, 'third_party'))).toEqual({ root: outer, name: 'host' });
  });

  it('an unreadable or garbage .git file still yields a project (its folder), never a throw', () => {
    const odd = join(base, 'odd');
    mkdirSync(odd);
    writeFileSync(join(odd, '.git'), 'this is not a gitdir pointer');
    expect(resolveProject(odd)).toEqual({ root: odd, name: 'odd' });
  });

  it('one folder reached through a symlink is the same project', () => {
    const r = repo(join(base, 'real-repo'));
    const link = join(base, 'link-to-repo');
    symlinkSync(r, link);
    expect(resolveProject(join(link))).toEqual({ root: r, name: 'real-repo' });
  });

  it('a working directory that no longer exists still names a project', () => {
    const gone = join(base, 'deleted', 'dir');
    expect(resolveProject(gone)).toEqual({ root: gone, name: 'dir' });
  });
});
