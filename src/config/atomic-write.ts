import { closeSync, copyFileSync, existsSync, fchmodSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { MemError } from '../contracts';

/** The part of `fs` an atomic write needs; tests inject a failing one to simulate a full disk. */
export interface FileWriter {
  write(path: string, data: string, mode: number): void;
}

export const realWriter: FileWriter = {
  write(path, data, mode) {
    const fd = openSync(path, 'w', mode);
    try {
      // openSync's mode is filtered by the umask and ignored for an existing file: set it exactly.
      fchmodSync(fd, mode);
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
 * the previous file is copied there first. Failures are `storage_full` or `storage_unwritable`
 * naming the path.
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
    removeIfPresent(tmp);
    throw writeError(err, path);
  }
}

/** Map a file-system error from writing `path` to a kind and a message naming the path. */
export function writeError(err: unknown, path: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new MemError('storage_full', `No space left to write ${path}; the previous file is unchanged.`, {
        hint: 'Free some disk space and try again.',
        cause: err,
      });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EISDIR':
      return new MemError('storage_unwritable', `Cannot write ${path} (${code}).`, {
        hint: 'Make its folder exist and be writable by you, or point CLAUDE_MEM_DATA_DIR elsewhere.',
        cause: err,
      });
    default:
      return err;
  }
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    // Usually ENOENT: the temp file was never created. Anything else leaves a stray temp file,
    // harmless next to the error the caller is already reporting.
    void err;
  }
}
