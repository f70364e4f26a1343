import { existsSync, mkdirSync, readdirSync, readlinkSync, rmSync, rmdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Paths } from '../config';
import { MemError } from '../contracts';
import { OWN_PLUGIN_ID, otherPluginWarnings } from './claude-plugins';
import { readClaudeSettings } from './claude-settings';
import { installRecordPath, readInstallRecord, writeInstallRecord } from './install-record';
import { enablePlugin, planSettingsRestore, restoreSettings } from './install-settings';
import { checkPluginRoot, isClaudeMemPlugin, pluginFolderWarnings } from './plugin-folder';
import { linkTarget, lstatOrUndefined, missingDirs, pluginLinkPath, samePath } from './plugin-link';

/**
 * How claude-mem registers with Claude Code (proven against the real CLI, 2.1.197): a plugin
 * folder under `~/.claude/skills/<name>/` is loaded by every session as `<name>@skills-dir`,
 * hooks, MCP server and skills (`skills/<name>/SKILL.md`) included, with CLAUDE_PLUGIN_ROOT pointing at that folder. So install is
 * one symlink, `~/.claude/skills/claude-mem → <this checkout>`: rebuilding the checkout updates
 * the plugin, and nothing is copied. (A marketplace install would copy the whole checkout,
 * node_modules included, into Claude Code's plugin cache.)
 *
 * The only file ever edited is `~/.claude/settings.json`, and only when the user had disabled
 * the plugin there (`install-settings.ts`). Every file touched is backed up under
 * `<data dir>/backups/`, and `install.json` records what was done so uninstall can undo exactly
 * that (`install-record.ts`). The jobs live beside this file: the plugin folder's checks
 * (`plugin-folder.ts`), the link (`plugin-link.ts`), settings.json (`claude-settings.ts`, its one
 * reader) and the record; this file only orders them.
 */
export const PLUGIN_ID = OWN_PLUGIN_ID;

export interface InstallTarget {
  /** Claude Code's config dir: `~/.claude`, or CLAUDE_CONFIG_DIR. */
  claudeDir: string;
  /** The plugin folder (this checkout). */
  pluginRoot: string;
  paths: Paths;
  now: Date;
}

export interface Change {
  action: string;
  path: string;
  detail?: string;
}

export interface InstallReport {
  changes: Change[];
  warnings: string[];
  alreadyInstalled: boolean;
}

export function installClaudeCode(t: InstallTarget): InstallReport {
  checkPluginRoot(t.pluginRoot);
  // Read before changing anything: a broken settings.json stops install with nothing done.
  const settings = readClaudeSettings(t.claudeDir);
  const warnings = pluginFolderWarnings(t.pluginRoot);
  const link = pluginLinkPath(t.claudeDir);
  const changes: Change[] = [];
  const existing = lstatOrUndefined(link);
  const backupDir = join(t.paths.backupsDir, `${stamp(t.now)}-install`);
  let previousLinkTarget: string | undefined;

  if (existing?.isSymbolicLink()) {
    if (samePath(linkTarget(link), t.pluginRoot)) {
      const edit = enablePlugin(settings, backupDir, changes);
      if (edit) writeInstallRecord(t.paths, t.now, { link, target: t.pluginRoot, settings: edit }, true);
      warnings.push(...otherPluginWarnings(settings));
      return { changes, warnings, alreadyInstalled: changes.length === 0 };
    }
    previousLinkTarget = readlinkSync(link);
    rmSync(link);
    changes.push({ action: 'replaced symlink', path: link, detail: `it pointed to ${previousLinkTarget}; uninstall restores it` });
  } else if (existing) {
    throw new MemError('validation', `${link} already exists and is not a link to claude-mem.`, {
      hint: 'Move it away (or remove it) and run `claude-mem install` again.',
    });
  }

  const createdDirs = missingDirs(dirname(link));
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(t.pluginRoot, link, 'dir');
  changes.push({ action: 'linked', path: link, detail: `→ ${t.pluginRoot} (loaded by Claude Code as ${PLUGIN_ID})` });
  const edit = enablePlugin(settings, backupDir, changes);
  writeInstallRecord(
    t.paths,
    t.now,
    {
      link,
      target: t.pluginRoot,
      createdDirs,
      ...(previousLinkTarget !== undefined ? { previousLinkTarget } : {}),
      ...(edit ? { settings: edit } : {}),
    },
    false,
  );
  warnings.push(...otherPluginWarnings(settings));
  return { changes, warnings, alreadyInstalled: false };
}

export function uninstallClaudeCode(t: Omit<InstallTarget, 'pluginRoot'> & { pluginRoot?: string }): InstallReport {
  const changes: Change[] = [];
  const warnings: string[] = [];
  const record = readInstallRecord(t.paths);
  // Decided first: a settings.json broken since install stops uninstall with nothing undone.
  const settingsPlan = record?.settings ? planSettingsRestore(record.settings) : undefined;
  const link = record?.link ?? pluginLinkPath(t.claudeDir);
  const existing = lstatOrUndefined(link);
  if (existing?.isSymbolicLink()) {
    const target = linkTarget(link);
    const ours = record ? samePath(target, record.target) : isClaudeMemPlugin(target);
    if (ours) {
      rmSync(link);
      changes.push({ action: 'removed symlink', path: link, detail: `→ ${target}` });
    } else {
      warnings.push(`${link} points to ${target}, not to the claude-mem that was installed; left as is.`);
    }
  } else if (existing) {
    warnings.push(`${link} is not a symlink; left as is.`);
  }
  if (record?.previousLinkTarget !== undefined && !lstatOrUndefined(link)) {
    symlinkSync(record.previousLinkTarget, link);
    changes.push({ action: 'restored symlink', path: link, detail: `→ ${record.previousLinkTarget}` });
  }
  if (settingsPlan) restoreSettings(settingsPlan, join(t.paths.backupsDir, `${stamp(t.now)}-uninstall`), changes, warnings);
  for (const dir of [...(record?.createdDirs ?? [])].reverse()) {
    if (existsSync(dir) && readdirSync(dir).length === 0) {
      rmdirSync(dir);
      changes.push({ action: 'removed empty folder', path: dir });
    }
  }
  if (record) {
    rmSync(installRecordPath(t.paths));
    changes.push({ action: 'removed', path: installRecordPath(t.paths) });
  }
  return { changes, warnings, alreadyInstalled: false };
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}
