import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PLUGIN_NAME } from './plugin-folder';

/** `~/.claude/skills/claude-mem`: the one link that registers the plugin. */
export const pluginLinkPath = (claudeDir: string): string => join(claudeDir, 'skills', PLUGIN_NAME);

/** Where `~/.claude/skills/claude-mem` points, if it is a link; `targetExists` false means stale. */
export function registeredLink(claudeDir: string): { link: string; target: string; targetExists: boolean } | undefined {
  const link = pluginLinkPath(claudeDir);
  if (!lstatOrUndefined(link)?.isSymbolicLink()) return undefined;
  const target = linkTarget(link);
  return { link, target, targetExists: existsSync(join(target, '.claude-plugin', 'plugin.json')) };
}

/** A link's target as an absolute path. */
export function linkTarget(link: string): string {
  return resolve(dirname(link), readlinkSync(link));
}

export function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export function samePath(a: string, b: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  return real(a) === real(b);
}

/** The folders `mkdir -p dir` would create, outermost first. */
export function missingDirs(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) out.unshift(d);
  return out;
}
