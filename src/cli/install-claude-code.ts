import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  rmdirSync,
  symlinkSync,
  copyFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { atomicWrite, type Paths } from '../config';
import { MemError } from '../contracts';
import { OWN_PLUGIN_ID, otherPluginWarnings } from './claude-plugins';

/**
 * How claude-mem registers with Claude Code (proven against the real CLI, 2.1.197): a plugin
 * folder under `~/.claude/skills/<name>/` is loaded by every session as `<name>@skills-dir`,
 * hooks, MCP server and skills (`skills/<name>/SKILL.md`) included, with CLAUDE_PLUGIN_ROOT pointing at that folder. So install is
 * one symlink, `~/.claude/skills/claude-mem → <this checkout>`: rebuilding the checkout updates
 * the plugin, and nothing is copied. (A marketplace install would copy the whole checkout,
 * node_modules included, into Claude Code's plugin cache.)
 *
 * The only file ever edited is `~/.claude/settings.json`, and only when the user had disabled
 * the plugin there (`enabledPlugins["claude-mem@skills-dir"]: false`). Every file touched is
 * backed up under `<data dir>/backups/`, and `install.json` records what was done so uninstall
 * can undo exactly that.
 */
export const PLUGIN_NAME = 'claude-mem';
export const PLUGIN_ID = OWN_PLUGIN_ID;

export interface InstallTarget {
  /** Claude Code's config dir: `~/.claude`, or CLAUDE_CONFIG_DIR. */
  claudeDir: string;
  /** The plugin folder (this checkout). */
  pluginRoot: string;
  paths: Paths;
  now: Date;
}

/** What install did, kept in `<data dir>/install.json` for uninstall. */
interface InstallRecord {
  version: 1;
  installedAt: string;
  link: string;
  target: string;
  /** Set when the link path already held a symlink somewhere else: recreated on uninstall. */
  previousLinkTarget?: string;
  /** Set when settings.json was edited. */
  settings?: { path: string; backup: string; writtenSha256: string };
  /** Folders install created (deepest last): removed on uninstall when empty. */
  createdDirs?: string[];
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

const recordPath = (paths: Paths) => join(paths.dataDir, 'install.json');
const linkPath = (claudeDir: string) => join(claudeDir, 'skills', PLUGIN_NAME);
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export function installClaudeCode(t: InstallTarget): InstallReport {
  checkPluginRoot(t.pluginRoot);
  const warnings = pluginWarnings(t.pluginRoot);
  const link = linkPath(t.claudeDir);
  const changes: Change[] = [];
  const existing = lstatOrUndefined(link);
  const backupDir = join(t.paths.backupsDir, `${stamp(t.now)}-install`);
  let previousLinkTarget: string | undefined;

  if (existing?.isSymbolicLink()) {
    const current = resolve(dirname(link), readlinkSync(link));
    if (samePath(current, t.pluginRoot)) {
      const settingsChange = enableInSettings(t, backupDir, changes);
      if (settingsChange) writeRecord(t, link, undefined, settingsChange, true);
      warnings.push(...otherPluginWarnings(t.claudeDir));
      return { changes, warnings, alreadyInstalled: changes.length === 0 };
    }
    previousLinkTarget = readlinkSync(link);
    rmSync(link);
    changes.push({
      action: 'replaced symlink',
      path: link,
      detail: `it pointed to ${previousLinkTarget}; uninstall restores it`,
    });
  } else if (existing) {
    throw new MemError('validation', `${link} already exists and is not a link to claude-mem.`, {
      hint: 'Move it away (or remove it) and run `claude-mem install` again.',
    });
  }

  const createdDirs = missingDirs(dirname(link));
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(t.pluginRoot, link, 'dir');
  changes.push({
    action: 'linked',
    path: link,
    detail: `→ ${t.pluginRoot} (loaded by Claude Code as ${PLUGIN_ID})`,
  });
  const settings = enableInSettings(t, backupDir, changes);
  writeRecord(t, link, previousLinkTarget, settings, false, createdDirs);
  warnings.push(...otherPluginWarnings(t.claudeDir));
  return { changes, warnings, alreadyInstalled: false };
}

export function uninstallClaudeCode(
  t: Omit<InstallTarget, 'pluginRoot'> & { pluginRoot?: string },
): InstallReport {
  const changes: Change[] = [];
  const warnings: string[] = [];
  const record = readRecord(t.paths);
  const link = record?.link ?? linkPath(t.claudeDir);
  const existing = lstatOrUndefined(link);
  if (existing?.isSymbolicLink()) {
    const target = resolve(dirname(link), readlinkSync(link));
    const ours = record ? samePath(target, record.target) : isClaudeMemPlugin(target);
    if (ours) {
      rmSync(link);
      changes.push({ action: 'removed symlink', path: link, detail: `→ ${target}` });
    } else {
      warnings.push(
        `${link} points to ${target}, not to the claude-mem that was installed; left as is.`,
      );
    }
  } else if (existing) {
    warnings.push(`${link} is not a symlink; left as is.`);
  }
  if (record?.previousLinkTarget !== undefined && !lstatOrUndefined(link)) {
    symlinkSync(record.previousLinkTarget, link);
    changes.push({
      action: 'restored symlink',
      path: link,
      detail: `→ ${record.previousLinkTarget}`,
    });
  }
  if (record?.settings) restoreSettings(t, record.settings, changes, warnings);
  for (const dir of [...(record?.createdDirs ?? [])].reverse()) {
    if (existsSync(dir) && readdirSync(dir).length === 0) {
      rmdirSync(dir);
      changes.push({ action: 'removed empty folder', path: dir });
    }
  }
  if (record) {
    rmSync(recordPath(t.paths));
    changes.push({ action: 'removed', path: recordPath(t.paths) });
  }
  return { changes, warnings, alreadyInstalled: false };
}

/**
 * If settings.json disables the plugin, enable it by removing that entry (the default is on).
 * Returns what uninstall needs to put back.
 */
function enableInSettings(
  t: InstallTarget,
  backupDir: string,
  changes: Change[],
): InstallRecord['settings'] {
  const path = join(t.claudeDir, 'settings.json');
  if (!existsSync(path)) return undefined;
  const raw = readFileSync(path);
  let json: { enabledPlugins?: Record<string, unknown> };
  try {
    json = JSON.parse(raw.toString('utf8')) as typeof json;
  } catch (err) {
    void err; // Claude Code would not read it either; say so and leave it alone
    throw new MemError('validation', `${path} is not valid JSON.`, {
      hint: 'Fix it (Claude Code cannot read it either), then install again.',
    });
  }
  if (json.enabledPlugins?.[PLUGIN_ID] !== false) return undefined;
  mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  const backup = join(backupDir, 'settings.json');
  copyFileSync(path, backup);
  delete json.enabledPlugins[PLUGIN_ID];
  const written = `${JSON.stringify(json, null, 2)}\n`;
  atomicWrite(path, written, { mode: lstatSync(path).mode & 0o777 });
  changes.push({ action: 'backed up', path, detail: `to ${backup}` });
  changes.push({
    action: 'edited',
    path,
    detail: `removed enabledPlugins["${PLUGIN_ID}"]: false (the plugin was disabled)`,
  });
  return { path, backup, writtenSha256: sha256(written) };
}

/** Put settings.json back byte for byte, unless someone changed it since install (then only undo our edit). */
function restoreSettings(
  t: { paths: Paths; now: Date },
  s: NonNullable<InstallRecord['settings']>,
  changes: Change[],
  warnings: string[],
): void {
  if (!existsSync(s.backup)) {
    warnings.push(`The backup ${s.backup} is gone; ${s.path} left as is.`);
    return;
  }
  const current = existsSync(s.path) ? readFileSync(s.path) : undefined;
  if (current && sha256(current) === s.writtenSha256) {
    copyFileSync(s.backup, s.path);
    changes.push({ action: 'restored', path: s.path, detail: `from ${s.backup}` });
    return;
  }
  if (!current) return;
  // Changed since install: keep the user's edits, put back only the disabled flag we removed.
  const backupDir = join(t.paths.backupsDir, `${stamp(t.now)}-uninstall`);
  mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  copyFileSync(s.path, join(backupDir, 'settings.json'));
  const json = JSON.parse(current.toString('utf8')) as { enabledPlugins?: Record<string, unknown> };
  json.enabledPlugins = { ...json.enabledPlugins, [PLUGIN_ID]: false };
  atomicWrite(s.path, `${JSON.stringify(json, null, 2)}\n`, {
    mode: lstatSync(s.path).mode & 0o777,
  });
  changes.push({
    action: 'backed up',
    path: s.path,
    detail: `to ${join(backupDir, 'settings.json')}`,
  });
  changes.push({
    action: 'edited',
    path: s.path,
    detail: `changed since install; put back enabledPlugins["${PLUGIN_ID}"]: false`,
  });
}

function writeRecord(
  t: InstallTarget,
  link: string,
  previousLinkTarget: string | undefined,
  settings: InstallRecord['settings'],
  merge: boolean,
  createdDirs: string[] = [],
): void {
  const prior = merge ? readRecord(t.paths) : undefined;
  const record: InstallRecord = {
    version: 1,
    installedAt: prior?.installedAt ?? t.now.toISOString(),
    link,
    target: t.pluginRoot,
    ...((previousLinkTarget ?? prior?.previousLinkTarget) !== undefined
      ? { previousLinkTarget: (previousLinkTarget ?? prior?.previousLinkTarget) as string }
      : {}),
    ...((settings ?? prior?.settings)
      ? { settings: (settings ?? prior?.settings) as NonNullable<InstallRecord['settings']> }
      : {}),
    ...(createdDirs.length || prior?.createdDirs?.length
      ? { createdDirs: prior?.createdDirs ?? createdDirs }
      : {}),
  };
  mkdirSync(t.paths.dataDir, { recursive: true, mode: 0o700 });
  atomicWrite(recordPath(t.paths), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

function readRecord(paths: Paths): InstallRecord | undefined {
  const p = recordPath(paths);
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as InstallRecord;
  } catch (err) {
    throw new MemError('validation', `${p} is not valid JSON: ${(err as Error).message}.`, {
      hint: `Remove ${p} and the ~/.claude/skills/${PLUGIN_NAME} link by hand.`,
    });
  }
}

function checkPluginRoot(root: string): void {
  if (
    !existsSync(join(root, '.claude-plugin', 'plugin.json')) ||
    !existsSync(join(root, 'hooks', 'hooks.json'))
  ) {
    throw new MemError(
      'not_found',
      `${root} is not the claude-mem plugin folder (no .claude-plugin/plugin.json or hooks/hooks.json).`,
      {
        hint: 'Run `claude-mem install` from a claude-mem checkout, or pass --plugin-dir <checkout>.',
      },
    );
  }
}

/** The skills the plugin ships (`skills/<name>/SKILL.md`); Claude Code lists them as `claude-mem:<name>`. */
export const PLUGIN_SKILLS = ['mem-search', 'timeline-report'] as const;

function pluginWarnings(root: string): string[] {
  const missing = ['hook.js', 'worker.js', 'mcp.js'].filter(
    (f) => !existsSync(join(root, 'dist', 'bin', f)),
  );
  const skills = PLUGIN_SKILLS.filter((s) => !existsSync(join(root, 'skills', s, 'SKILL.md')));
  return [
    ...(missing.length
      ? [
          `${join(root, 'dist/bin')} lacks ${missing.join(', ')}: run \`npm run build\` in ${root}, or the hooks will do nothing.`,
        ]
      : []),
    ...(skills.length
      ? [`${join(root, 'skills')} lacks ${skills.join(', ')}: Claude Code will not offer ${skills.length > 1 ? 'these skills' : 'this skill'}.`]
      : []),
  ];
}

function isClaudeMemPlugin(dir: string): boolean {
  try {
    const manifest = JSON.parse(
      readFileSync(join(dir, '.claude-plugin', 'plugin.json'), 'utf8'),
    ) as { name?: string };
    return manifest.name === PLUGIN_NAME;
  } catch (err) {
    void err; // not a plugin folder (or gone): not ours
    return false;
  }
}

/** The folders `mkdir -p dir` would create, outermost first. */
function missingDirs(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) out.unshift(d);
  return out;
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  return real(a) === real(b);
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

/** Where `~/.claude/skills/claude-mem` points, if it is a link; `targetExists` false means stale. */
export function registeredLink(
  claudeDir: string,
): { link: string; target: string; targetExists: boolean } | undefined {
  const link = linkPath(claudeDir);
  if (!lstatOrUndefined(link)?.isSymbolicLink()) return undefined;
  const target = resolve(dirname(link), readlinkSync(link));
  return { link, target, targetExists: existsSync(join(target, '.claude-plugin', 'plugin.json')) };
}
