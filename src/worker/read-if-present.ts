import { readFileSync } from 'node:fs';

/**
 * The text of a file the worker writes (its token, `worker.json`), or `undefined` when there is
 * none yet; any other read error (permissions, a directory in the way) is thrown.
 */
export function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
