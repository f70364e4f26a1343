/**
 * Whether a project matches one of the exclusion globs. Each glob is tried against the project's
 * root path and its name: `*` matches within one path segment, `**` across segments, `?` one
 * character; a leading `~/` means the home folder (when `home` is given). A glob naming a folder
 * also excludes everything below it.
 */
export function isExcludedProject(
  project: { root: string; name: string },
  globs: string[],
  home?: string,
): boolean {
  return globs.some((raw) => {
    const glob = raw.trim();
    if (!glob) return false;
    const expanded = home && (glob === '~' || glob.startsWith('~/')) ? home + glob.slice(1) : glob;
    const re = globToRegExp(expanded.replace(/\/+$/, ''));
    return re.test(project.name) || re.test(project.root);
  });
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          re += '(?:.*/)?';
          i++;
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A folder glob also covers the folders below it (a project inside an excluded tree).
  return new RegExp(`^${re}(?:/.*)?$`, 'i');
}
