import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { MemError } from '../contracts';

/**
 * How a claude-mem folder got onto this machine, told by where it is. Each way updates
 * differently, and only `npx`'s folder is not stable: npm may clean it, and a new version lands
 * in another folder, so a plugin registered there goes stale (install warns).
 */
export type InstallMethod = 'npm-global' | 'npx' | 'marketplace' | 'checkout';

export function installMethodOf(root: string, claudeDir: string): InstallMethod {
  const withSep = root.endsWith(sep) ? root : `${root}${sep}`;
  if (withSep.includes(`${sep}_npx${sep}`)) return 'npx';
  if (withSep.startsWith(join(claudeDir, 'plugins') + sep)) return 'marketplace';
  if (existsSync(join(root, '.git'))) return 'checkout';
  if (withSep.includes(`${sep}node_modules${sep}`)) return 'npm-global';
  return 'checkout'; // an unpacked copy: updated like a checkout, by replacing the folder
}

/** The update recipe of each way of installing, in the order `update` prints them. */
export const UPDATE_STEPS: Record<InstallMethod, { label: string; steps: string }> = {
  'npm-global': {
    label: 'npm global (npm i -g claude-mem)',
    steps:
      'npm i -g claude-mem@latest — npm replaces the package in the same folder, which is the one `claude-mem install` registered: nothing else to do; start a new Claude Code session.',
  },
  npx: {
    label: 'npx (npx claude-mem …)',
    steps:
      "`npx claude-mem@latest <command>` always runs the latest release; a plugin installed from npx points into npm's npx cache, so install for good with `npm i -g claude-mem && claude-mem install` (or the marketplace).",
  },
  marketplace: {
    label: 'Claude Code marketplace (claude plugin install claude-mem@claude-mem)',
    steps:
      'claude plugin marketplace update claude-mem && claude plugin update claude-mem@claude-mem — Claude Code installs the latest npm release into its plugin cache; restart Claude Code.',
  },
  checkout: {
    label: 'a git checkout',
    steps:
      'git pull && npm ci && npm run build — the plugin link points at the checkout, so the next session runs the new build.',
  },
};

/** The claude-mem plugins Claude Code installed from marketplaces (`installed_plugins.json`). */
export function marketplaceInstalls(
  claudeDir: string,
): Array<{ id: string; version?: string; installPath?: string }> {
  const path = join(claudeDir, 'plugins', 'installed_plugins.json');
  if (!existsSync(path)) return [];
  let json: { plugins?: Record<string, Array<{ version?: string; installPath?: string }>> };
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as typeof json;
  } catch (err) {
    throw new MemError('validation', `${path} is not valid JSON: ${(err as Error).message}.`, {
      hint: 'Claude Code cannot read it either: run `claude plugin list` to see what it reports.',
    });
  }
  return Object.entries(json.plugins ?? {})
    .filter(([id]) => id.split('@')[0] === 'claude-mem')
    .map(([id, entries]) => {
      const last = entries.at(-1);
      return {
        id,
        ...(last?.version ? { version: last.version } : {}),
        ...(last?.installPath ? { installPath: last.installPath } : {}),
      };
    });
}
