import { describe, expect, it } from 'vitest';
import { normalizeRemote, pullQuerySchema, pushRequestSchema } from '../../src/contracts';

describe('a team project is its normalized git remote', () => {
  it('every way of cloning one repository names one project', () => {
    for (const r of [
      'git@github.com:Acme/App.git',
      'https://github.com/Acme/App',
      'https://github.com/Acme/App.git/',
      'ssh://git@github.com:22/Acme/App.git',
      'https://user:token@GitHub.com/Acme/App.git',
      'github.com/Acme/App',
    ]) {
      expect(normalizeRemote(r), r).toBe('github.com/Acme/App');
    }
  });

  it('keeps the path case and nesting (GitLab subgroups), rejects what is not a remote', () => {
    expect(normalizeRemote('git@gitlab.example.com:group/sub/Repo.git')).toBe('gitlab.example.com/group/sub/Repo');
    expect(normalizeRemote('')).toBeNull();
    expect(normalizeRemote('https://github.com/')).toBeNull();
    expect(normalizeRemote('not a remote at all')).toBeNull();
  });
});

describe('team request shapes', () => {
  it('a push needs items with a uid and a known kind; a pull cursor is digits', () => {
    expect(pushRequestSchema.safeParse({ project: 'x', items: [] }).success).toBe(false);
    expect(pushRequestSchema.safeParse({ project: 'x', items: [{ kind: 'tombstone', uid: 'a', record: 'observation' }] }).success).toBe(true);
    expect(pushRequestSchema.safeParse({ project: 'x', items: [{ kind: 'prompt', uid: 'a' }] }).success).toBe(false);
    expect(pullQuerySchema.safeParse({ project: 'x', since: '12; DROP' }).success).toBe(false);
    expect(pullQuerySchema.parse({ project: 'x' })).toEqual({ project: 'x', since: '0', limit: 1000 });
  });
});
