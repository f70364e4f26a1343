import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/**
 * Mount a small tmpfs at `dir` (root only), to make a disk really full or really read-only.
 * Returns a reason string when it cannot (not root, no mount permission in this container), so
 * the caller can skip with that reason instead of faking the failure.
 */
export function mountTmpfs(dir: string, options: string): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to mount a tmpfs';
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return `mount -t tmpfs failed: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
  }
}

export function unmount(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'pipe' });
}

/** Why tmpfs mounts are impossible here, or undefined when a probe mount worked (for `it.skipIf`). */
export function tmpfsUnavailable(probeDir: string): string | undefined {
  const reason = mountTmpfs(probeDir, 'size=64k');
  if (reason === undefined) unmount(probeDir);
  return reason;
}
