import { isMemError } from '../contracts';
import { enabledPlugins, readClaudeSettings, type ClaudeSettings } from './claude-settings';

/** How Claude Code loads our plugin (a symlink under ~/.claude/skills, see install-claude-code.ts). */
export const OWN_PLUGIN_ID = 'claude-mem@skills-dir';

/**
 * Every other `claude-mem@<marketplace>` plugin enabled in Claude Code's user settings (the
 * original claude-mem is `claude-mem@thedotmack`), one warning each with the exact command that
 * disables it. Enabled beside ours, both capture every event and both inject memory at session start.
 */
export function otherPluginWarnings(settings: ClaudeSettings | undefined): string[] {
  if (!settings) return [];
  return Object.entries(enabledPlugins(settings))
    .filter(([id, on]) => on !== false && id !== OWN_PLUGIN_ID && id.split('@')[0] === 'claude-mem' && id.includes('@'))
    .map(
      ([id]) =>
        `${id} is also enabled in ${settings.path}${id === 'claude-mem@thedotmack' ? ' (the original claude-mem)' : ''}: both plugins would capture every event and inject memory twice. Disable it with: claude plugin disable ${id}`,
    );
}

/** For status and doctor: the warnings above, or why settings.json cannot be read (as a warning, not a failure). */
export function claudeSettingsWarnings(claudeDir: string): string[] {
  try {
    return otherPluginWarnings(readClaudeSettings(claudeDir));
  } catch (err) {
    if (!isMemError(err)) throw err;
    return [`${err.message}${err.hint ? ` ${err.hint}` : ''}`];
  }
}
