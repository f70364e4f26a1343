import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWrite, type Paths } from '../config';
import { MemError } from '../contracts';
import { PLUGIN_NAME } from './plugin-folder';

/** What install did, kept in `<data dir>/install.json` so uninstall can undo exactly that. */
export interface InstallRecord {
  version: 1;
  installedAt: string;
  link: string;
  target: string;
  /** Set when the link path already held a symlink somewhere else: recreated on uninstall. */
  previousLinkTarget?: string;
  /** Set when settings.json was edited. */
  settings?: SettingsEdit;
  /** Folders install created (deepest last): removed on uninstall when empty. */
  createdDirs?: string[];
}

/** An edit of Claude Code's settings.json: the file, its backup, and the checksum of what we wrote. */
export interface SettingsEdit {
  path: string;
  backup: string;
  writtenSha256: string;
}

export const installRecordPath = (paths: Paths): string => join(paths.dataDir, 'install.json');

export function readInstallRecord(paths: Paths): InstallRecord | undefined {
  const p = installRecordPath(paths);
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as InstallRecord;
  } catch (err) {
    throw new MemError('validation', `${p} is not valid JSON: ${(err as Error).message}.`, {
      hint: `Remove ${p} and the ~/.claude/skills/${PLUGIN_NAME} link by hand.`,
    });
  }
}

/**
 * Write the record. On a re-install (`merge`) what the first install did is kept: uninstall must
 * still restore the link and settings the user had before claude-mem.
 */
export function writeInstallRecord(
  paths: Paths,
  now: Date,
  r: { link: string; target: string; previousLinkTarget?: string; settings?: SettingsEdit; createdDirs?: string[] },
  merge: boolean,
): void {
  const prior = merge ? readInstallRecord(paths) : undefined;
  const previousLinkTarget = r.previousLinkTarget ?? prior?.previousLinkTarget;
  const settings = r.settings ?? prior?.settings;
  const createdDirs = prior?.createdDirs?.length ? prior.createdDirs : (r.createdDirs ?? []);
  const record: InstallRecord = {
    version: 1,
    installedAt: prior?.installedAt ?? now.toISOString(),
    link: r.link,
    target: r.target,
    ...(previousLinkTarget !== undefined ? { previousLinkTarget } : {}),
    ...(settings ? { settings } : {}),
    ...(createdDirs.length ? { createdDirs } : {}),
  };
  mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  atomicWrite(installRecordPath(paths), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}
