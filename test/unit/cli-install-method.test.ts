// How `claude-mem update` tells the ways of installing apart, and what it reads from Claude Code.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registeredLink } from '../../src/cli/plugin-link';
import { installMethodOf, marketplaceInstalls } from '../../src/cli/install-method';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'cm-method-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('installMethodOf', () => {
  const claudeDir = '/home/u/.claude';
  it('tells npm global, npx, marketplace and checkout apart by the folder', () => {
    expect(installMethodOf('/usr/lib/node_modules/claude-mem', claudeDir)).toBe('npm-global');
    expect(installMethodOf('/home/u/.npm/_npx/3f2a/node_modules/claude-mem', claudeDir)).toBe(
      'npx',
    );
    expect(
      installMethodOf('/home/u/.claude/plugins/cache/claude-mem/claude-mem/0.1.0', claudeDir),
    ).toBe('marketplace');
    const checkout = tmp();
    mkdirSync(join(checkout, '.git'));
    expect(installMethodOf(checkout, claudeDir)).toBe('checkout');
  });
});

describe('what update reads', () => {
  it('lists claude-mem marketplace installs and nothing else', () => {
    const claudeDir = tmp();
    mkdirSync(join(claudeDir, 'plugins'));
    writeFileSync(
      join(claudeDir, 'plugins', 'installed_plugins.json'),
      JSON.stringify({
        version: 2,
        plugins: {
          'claude-mem@claude-mem': [{ version: '0.1.0', installPath: '/x' }],
          'other@m': [{ version: '1.0.0' }],
        },
      }),
    );
    expect(marketplaceInstalls(claudeDir)).toEqual([
      { id: 'claude-mem@claude-mem', version: '0.1.0', installPath: '/x' },
    ]);
  });

  it('a bad installed_plugins.json is a clear error naming the file', () => {
    const claudeDir = tmp();
    mkdirSync(join(claudeDir, 'plugins'));
    writeFileSync(join(claudeDir, 'plugins', 'installed_plugins.json'), '{oops');
    expect(() => marketplaceInstalls(claudeDir)).toThrow(
      /installed_plugins\.json is not valid JSON/,
    );
  });

  it('sees a registered link whose folder is gone (a stale install)', () => {
    const claudeDir = tmp();
    mkdirSync(join(claudeDir, 'skills'));
    symlinkSync(join(claudeDir, 'gone'), join(claudeDir, 'skills', 'claude-mem'));
    expect(registeredLink(claudeDir)).toMatchObject({ targetExists: false });
  });
});
