import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { claudeConfigDir, ensureDataDir, resolvePaths } from '../config';
import type { CliContext, Command } from './context';
import { describeActiveProvider } from './provider-readiness';
import { installMethodOf } from './install-method';
import {
  installClaudeCode,
  PLUGIN_ID,
  uninstallClaudeCode,
  type InstallReport,
} from './install-claude-code';

/**
 * The folder this CLI runs from (a checkout or the installed npm package): dist/bin/cli.js (or
 * src/cli/install.ts under test), two levels down. Node resolves the `claude-mem` bin link to
 * its real path, so for `npm i -g` this is `<prefix>/lib/node_modules/claude-mem`, the folder
 * npm updates in place: the link install makes stays valid across `npm i -g claude-mem@latest`.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

const OPTIONS = {
  'claude-dir': { type: 'string' },
  'plugin-dir': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `claude-mem install`: register this checkout as a Claude Code plugin for the current user. */
export const installCommand: Command = {
  name: 'install',
  summary: 'Register claude-mem with Claude Code (hooks + MCP server) for your user.',
  usage:
    'claude-mem install [--claude-dir DIR] [--plugin-dir DIR] [--json]\n' +
    `  Links ~/.claude/skills/claude-mem to this checkout; Claude Code loads it as ${PLUGIN_ID}.\n` +
    '  --claude-dir  Claude Code config dir (default: $CLAUDE_CONFIG_DIR or ~/.claude)\n' +
    '  --plugin-dir  the plugin folder to register (default: this checkout)',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: OPTIONS, strict: true });
    const paths = resolvePaths(ctx.env, ctx.home);
    ensureDataDir(paths);
    const dir = claudeDir(values['claude-dir'], ctx);
    const report = installClaudeCode({
      claudeDir: dir,
      pluginRoot: resolve(ctx.cwd, values['plugin-dir'] ?? PACKAGE_ROOT),
      paths,
      now: ctx.now(),
    });
    if (installMethodOf(resolve(ctx.cwd, values['plugin-dir'] ?? PACKAGE_ROOT), dir) === 'npx')
      report.warnings.push(
        "This claude-mem runs from npx's cache, which npm may clean or replace: the plugin would stop loading. For a lasting install: `npm i -g claude-mem && claude-mem install`, or the marketplace (`claude-mem update` shows both).",
      );
    print(
      ctx,
      report,
      values.json === true,
      report.alreadyInstalled
        ? 'claude-mem is already installed; nothing changed.'
        : 'Installed. Start a new Claude Code session to load it (`claude plugin list` shows it).',
    );
    if (values.json !== true) printProvider(ctx);
    return 0;
  },
};

/** `claude-mem uninstall`: undo what install did, restoring every file it touched. */
export const uninstallCommand: Command = {
  name: 'uninstall',
  summary:
    'Remove claude-mem from Claude Code and restore the files install changed (your memory is kept).',
  usage: 'claude-mem uninstall [--claude-dir DIR] [--json]',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: OPTIONS, strict: true });
    const paths = resolvePaths(ctx.env, ctx.home);
    const report = uninstallClaudeCode({
      claudeDir: claudeDir(values['claude-dir'], ctx),
      paths,
      now: ctx.now(),
    });
    print(
      ctx,
      report,
      values.json === true,
      report.changes.length
        ? `Uninstalled. Your memory stays in ${paths.dataDir}.`
        : 'claude-mem was not installed; nothing changed.',
    );
    return 0;
  },
};

export function claudeDir(flag: string | undefined, ctx: CliContext): string {
  return claudeConfigDir(ctx.env, ctx.home, ctx.cwd, flag);
}

function print(ctx: CliContext, report: InstallReport, json: boolean, done: string): void {
  if (json) {
    ctx.out.json(report);
    return;
  }
  for (const c of report.changes)
    ctx.out.line(`${c.action}: ${c.path}${c.detail ? ` ${c.detail}` : ''}`);
  for (const w of report.warnings) ctx.out.warn(w);
  ctx.out.line(done);
}

/** Which memory agent is active (never asks: install may run without a terminal). */
function printProvider(ctx: CliContext): void {
  let cfg;
  try {
    cfg = ctx.config();
  } catch (err) {
    ctx.out.warn(`Memory agent: configuration cannot be read (${(err as Error).message}); run \`claude-mem doctor\`.`);
    return;
  }
  for (const line of describeActiveProvider(cfg, ctx.env)) ctx.out.line(line);
}
