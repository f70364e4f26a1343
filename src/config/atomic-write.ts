import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { MemError } from '../contracts';

/** The part of `fs` an atomic write needs; tests inject a failing one to simulate a full disk. */
export interface FileWriter {
  write(path: string, data: string, mode: number): void;
}

export const realWriter: FileWriter = {
  write(path, data, mode) {
    const fd = openSync(path, 'w', mode);
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
};

/**
 * Write `data` to `path` so that a crash or a full disk leaves either the old file or the new one,
 * never half of either: write a temp file beside it, fsync, then rename over. With `backupPath`
 * the previous file is copied there first.
 */
export function atomicWrite(
  path: string,
  data: string,
  opts: { mode?: number; backupPath?: string; writer?: FileWriter } = {},
): void {
  const mode = opts.mode ?? 0o600;
  const writer = opts.writer ?? realWriter;
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    if (opts.backupPath && existsSync(path)) copyFileSync(path, opts.backupPath);
    writer.write(tmp, data, mode);
    renameSync(tmp, path);
  } catch (err) {
    removeQuietly(tmp);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') {
      throw new MemError('storage_full', `No space left to write ${path}; the previous file is unchanged.`, {
        hint: 'Free some disk space and try again.',
        cause: err,
      });
    }
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new MemError('storage_unwritable', `Cannot write ${path} (${code}).`, {
        hint: `Make the folder writable by you, or point CLAUDE_MEM_DATA_DIR elsewhere.`,
        cause: err,
      });
    }
    throw err;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    // Best effort: the temp file may never have been created, and the caller is already
    // reporting the error that matters.
    void err;
  }
}
