import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemError } from '../contracts';

/** The plugin's name: the folder under ~/.claude/skills and the manifest's `name`. */
export const PLUGIN_NAME = 'claude-mem';

/** The skills the plugin ships (`skills/<name>/SKILL.md`); Claude Code lists them as `claude-mem:<name>`. */
export const PLUGIN_SKILLS = ['mem-search', 'timeline-report'] as const;

/** Refuse a folder that is not a claude-mem plugin: linking it would register nothing useful. */
export function checkPluginRoot(root: string): void {
  if (!existsSync(join(root, '.claude-plugin', 'plugin.json')) || !existsSync(join(root, 'hooks', 'hooks.json'))) {
    throw new MemError('not_found', `${root} is not the claude-mem plugin folder (no .claude-plugin/plugin.json or hooks/hooks.json).`, {
      hint: 'Run `claude-mem install` from a claude-mem checkout, or pass --plugin-dir <checkout>.',
    });
  }
}

/** What an unbuilt or partial plugin folder lacks: the hooks would do nothing, or skills be missing. */
export function pluginFolderWarnings(root: string): string[] {
  const missing = ['hook.js', 'worker.js', 'mcp.js'].filter((f) => !existsSync(join(root, 'dist', 'bin', f)));
  const skills = PLUGIN_SKILLS.filter((s) => !existsSync(join(root, 'skills', s, 'SKILL.md')));
  return [
    ...(missing.length
      ? [`${join(root, 'dist/bin')} lacks ${missing.join(', ')}: run \`npm run build\` in ${root}, or the hooks will do nothing.`]
      : []),
    ...(skills.length
      ? [`${join(root, 'skills')} lacks ${skills.join(', ')}: Claude Code will not offer ${skills.length > 1 ? 'these skills' : 'this skill'}.`]
      : []),
  ];
}

/** Whether `dir` holds a claude-mem plugin (its manifest names it). */
export function isClaudeMemPlugin(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, '.claude-plugin', 'plugin.json'), 'utf8')) as { name?: string };
    return manifest.name === PLUGIN_NAME;
  } catch (err) {
    void err; // not a plugin folder (or gone): not ours
    return false;
  }
}
