import { markSetupHintShown, setupHintShown, waitingOnUser, type Db } from '../store';

const FIX: Record<string, string> = {
  auth: 'give the memory agent a way to reach a model: `claude-mem config set CLAUDE_MEM_PROVIDER claude-code` to use your Claude Code login, or put a key in ~/.claude-mem/.env, or `claude-mem config set CLAUDE_MEM_PROVIDER offline` to keep events without a model',
  bad_request: 'fix the setting the message names (`claude-mem doctor --probe` checks it)',
  quota: 'wait for the usage limit to reset, or choose another provider',
};

/**
 * One line for the session-start memory when events wait on the user (no key, no `claude` CLI,
 * not logged in …), said once per problem: never a silent `raw` or a silent queue forever. The
 * first session after the problem appears gets it; later ones do not, until the problem changes.
 */
export function takeSetupHint(db: Db): string | undefined {
  const w = waitingOnUser(db);
  if (!w) return undefined;
  const key = `${w.kind}:${w.message}`;
  if (setupHintShown(db, key)) return undefined;
  markSetupHintShown(db, key);
  // The claude-code provider's messages already carry their own fix (log in, install, the path).
  const own = /claude CLI|CLAUDE_MEM_CLAUDE_PATH/.test(w.message);
  const fix = own ? '' : ` Fix: ${FIX[w.kind] ?? 'run `claude-mem doctor --probe`'}.`;
  return `claude-mem setup needed (tell the user): new memories are waiting, not compressed, because the memory agent failed (${w.kind}): ${w.message.slice(0, 400)}${fix} \`claude-mem status\` shows the details.`;
}
