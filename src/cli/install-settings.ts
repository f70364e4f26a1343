import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Change } from './install-claude-code';
import type { SettingsEdit } from './install-record';
import { OWN_PLUGIN_ID } from './claude-plugins';
import { enabledPlugins, readClaudeSettings, writeClaudeSettings, type ClaudeSettings } from './claude-settings';

/**
 * The only edit install makes to Claude Code's settings.json, and its undo: when the user had
 * disabled the plugin (`enabledPlugins["claude-mem@skills-dir"]: false`), install removes that
 * entry (the default is on), after a backup; uninstall puts the file back.
 */
export function enablePlugin(settings: ClaudeSettings | undefined, backupDir: string, changes: Change[]): SettingsEdit | undefined {
  if (!settings || enabledPlugins(settings)[OWN_PLUGIN_ID] !== false) return undefined;
  const { path } = settings;
  mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  const backup = join(backupDir, 'settings.json');
  copyFileSync(path, backup);
  const plugins = { ...enabledPlugins(settings) };
  delete plugins[OWN_PLUGIN_ID];
  const written = writeClaudeSettings(path, { ...settings.json, enabledPlugins: plugins });
  changes.push({ action: 'backed up', path, detail: `to ${backup}` });
  changes.push({ action: 'edited', path, detail: `removed enabledPlugins["${OWN_PLUGIN_ID}"]: false (the plugin was disabled)` });
  return { path, backup, writtenSha256: sha256(written) };
}

/**
 * What uninstall will do with an edited settings.json, decided before anything changes (so a
 * broken file stops uninstall with nothing undone): put the backup back byte for byte when the
 * file is as install left it, else only re-add the disabled flag to the user's newer file.
 */
export type SettingsRestore =
  | { kind: 'backup_gone'; edit: SettingsEdit }
  | { kind: 'file_gone' }
  | { kind: 'copy_back'; edit: SettingsEdit }
  | { kind: 'disable_again'; edit: SettingsEdit; settings: ClaudeSettings };

export function planSettingsRestore(edit: SettingsEdit): SettingsRestore {
  if (!existsSync(edit.backup)) return { kind: 'backup_gone', edit };
  if (!existsSync(edit.path)) return { kind: 'file_gone' };
  if (sha256(readFileSync(edit.path)) === edit.writtenSha256) return { kind: 'copy_back', edit };
  const settings = readClaudeSettings(dirname(edit.path));
  return settings ? { kind: 'disable_again', edit, settings } : { kind: 'file_gone' };
}

export function restoreSettings(plan: SettingsRestore, backupDir: string, changes: Change[], warnings: string[]): void {
  switch (plan.kind) {
    case 'file_gone':
      return;
    case 'backup_gone':
      warnings.push(`The backup ${plan.edit.backup} is gone; ${plan.edit.path} left as is.`);
      return;
    case 'copy_back':
      copyFileSync(plan.edit.backup, plan.edit.path);
      changes.push({ action: 'restored', path: plan.edit.path, detail: `from ${plan.edit.backup}` });
      return;
    case 'disable_again': {
      // Changed since install: keep the user's edits, put back only the disabled flag we removed.
      const { path } = plan.edit;
      mkdirSync(backupDir, { recursive: true, mode: 0o700 });
      copyFileSync(path, join(backupDir, 'settings.json'));
      writeClaudeSettings(path, { ...plan.settings.json, enabledPlugins: { ...enabledPlugins(plan.settings), [OWN_PLUGIN_ID]: false } });
      changes.push({ action: 'backed up', path, detail: `to ${join(backupDir, 'settings.json')}` });
      changes.push({ action: 'edited', path, detail: `changed since install; put back enabledPlugins["${OWN_PLUGIN_ID}"]: false` });
      return;
    }
    default: {
      const never: never = plan;
      throw new Error(`unhandled settings restore ${JSON.stringify(never)}`);
    }
  }
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
