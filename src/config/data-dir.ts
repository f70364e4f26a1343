import { accessSync, chmodSync, constants, mkdirSync, statSync } from 'node:fs';
import { MemError } from '../contracts';
import type { Paths } from './paths';

/**
 * Create the data dir (0700) and its logs folder if missing, and tighten the mode if it is looser.
 * Throws `storage_unwritable` naming the path when it cannot be created or written.
 */
export function ensureDataDir(paths: Paths): void {
  try {
    mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
    if ((statSync(paths.dataDir).mode & 0o077) !== 0) chmodSync(paths.dataDir, 0o700);
    mkdirSync(paths.logsDir, { recursive: true, mode: 0o700 });
    accessSync(paths.dataDir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new MemError('storage_unwritable', `The data dir ${paths.dataDir} is not writable (${code}).`, {
      hint: 'Fix its permissions (chmod 700, owned by you) or set CLAUDE_MEM_DATA_DIR to a writable folder.',
      cause: err,
    });
  }
}
