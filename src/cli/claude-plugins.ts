import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** How Claude Code loads our plugin (a symlink under ~/.claude/skills, see install-claude-code.ts). */
export const OWN_PLUGIN_ID = 'claude-mem@skills-dir';

/** Claude Code's config dir: --claude-dir, else $CLAUDE_CONFIG_DIR, else ~/.claude. */
export function claudeConfigDir(env: NodeJS.ProcessEnv, home: string, cwd: string, flag?: string): string {
  if (flag) return resolve(cwd, flag);
  const fromEnv = env.CLAUDE_CONFIG_DIR?.trim();
  return fromEnv ? resolve(fromEnv) : join(home, '.claude');
}

/**
 * Every other `claude-mem@<marketplace>` plugin enabled in Claude Code's user settings (the
 * original claude-mem is `claude-mem@thedotmack`). Enabled beside ours, both capture every event
 * and both inject memory at session start. Unreadable settings are not our business here: install
 * reports them, and Claude Code itself would complain.
 */
export function otherClaudeMemPlugins(claudeDir: string): { settingsPath: string; ids: string[] } {
  const settingsPath = join(claudeDir, 'settings.json');
  if (!existsSync(settingsPath)) return { settingsPath, ids: [] };
  let json: { enabledPlugins?: unknown };
  try {
    json = JSON.parse(readFileSync(settingsPath, 'utf8')) as typeof json;
  } catch (err) {
    void err; // malformed or unreadable: nothing we can tell about plugins
    return { settingsPath, ids: [] };
  }
  const enabled = json?.enabledPlugins;
  if (typeof enabled !== 'object' || enabled === null || Array.isArray(enabled)) return { settingsPath, ids: [] };
  const ids = Object.entries(enabled as Record<string, unknown>)
    .filter(([id, on]) => on !== false && id !== OWN_PLUGIN_ID && id.split('@')[0] === 'claude-mem' && id.includes('@'))
    .map(([id]) => id);
  return { settingsPath, ids };
}

/** One warning per other claude-mem plugin, with the exact command that disables it. */
export function otherPluginWarnings(claudeDir: string): string[] {
  const { settingsPath, ids } = otherClaudeMemPlugins(claudeDir);
  return ids.map(
    (id) =>
      `${id} is also enabled in ${settingsPath}${id === 'claude-mem@thedotmack' ? ' (the original claude-mem)' : ''}: both plugins would capture every event and inject memory twice. Disable it with: claude plugin disable ${id}`,
  );
}
