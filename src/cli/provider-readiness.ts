import { resolveClaudeBinary } from '../agent';
import { claudeCodeChildEnv, missingCredentials, type Config } from '../config';

/**
 * Which memory agent is active and whether it can work, in a few lines for `install`: it asks
 * nothing (it may run non-interactively) and changes no setting; it says what is active and the
 * one command that fixes a provider that cannot work. `env` is the CLI's environment, used only
 * to look for a `claude` CLI on PATH.
 */
export function describeActiveProvider(cfg: Config, env: NodeJS.ProcessEnv): string[] {
  const p = cfg.provider;
  const claudeCli = resolveClaudeBinary({
    claudePath: cfg.settings.CLAUDE_MEM_CLAUDE_PATH.trim(),
    env: claudeCodeChildEnv(env),
  });
  switch (p.provider) {
    case 'offline':
      return ['Memory agent: offline (observations are built without a model; nothing leaves this machine).'];
    case 'claude-code':
      return claudeCli.ok
        ? [`Memory agent: claude-code (your own claude CLI, ${claudeCli.path}, with its login), model ${p.model}.`]
        : [`Memory agent: claude-code, but it cannot work yet: ${claudeCli.failure.message}`];
    default: {
      const missing = missingCredentials(p, cfg.paths.envPath);
      if (!missing) return [`Memory agent: ${p.provider}, model ${p.model}.`];
      return [
        `Memory agent: ${p.provider}, but it cannot work yet: ${missing}`,
        claudeCli.ok
          ? `  To compress with your Claude Code login instead (no key needed): claude-mem config set CLAUDE_MEM_PROVIDER claude-code`
          : `  Or install Claude Code and run: claude-mem config set CLAUDE_MEM_PROVIDER claude-code`,
      ];
    }
  }
}
