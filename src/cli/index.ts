import { MemError } from '../contracts';
import type { CliContext, Command } from './context';
import { exitCodeFor } from './exit-codes';

export type { CliContext, Command } from './context';
export { createOutput, type Output } from './output';

/**
 * A command as `help` lists it. The command's code (and what it imports: the store, provider
 * SDKs, zod) is loaded only when it runs, so `claude-mem search` does not pay for `doctor`.
 * The summary is repeated here, not read from the command, for that reason; a unit test
 * (cli-commands.test.ts) keeps it equal to the command's own.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

/** Every command, in the order `help` lists them. Add a command by adding its file and one line here. */
export const COMMANDS: CommandEntry[] = [
  { name: 'start', summary: 'Start claude-mem: the data dir and the background worker; prints the viewer URL and next steps.', load: async () => (await import('./start-command')).startCommand },
  { name: 'status', summary: 'Worker state, queue counts by state, tokens used today and the last error.', load: async () => (await import('./status-command')).statusCommand },
  { name: 'worker', summary: 'Start, stop, restart the background worker; show its status or logs.', load: async () => (await import('./worker-command')).workerCommand },
  { name: 'doctor', summary: 'Check configuration, file modes, the database and the worker; --probe sends one tiny model request.', load: async () => (await import('./doctor-command')).doctorCommand },
  { name: 'config', summary: 'Show every effective setting and where it came from; `config set KEY VALUE` changes one.', load: async () => (await import('./config-command')).configCommand },
  { name: 'confirm', summary: 'Confirm a risky change made in the viewer: shows the change and prints a one-time code to enter there.', load: async () => (await import('./confirm-command')).confirmCommand },
  { name: 'open', summary: 'Open the web viewer: print a one-time login link and open it in your browser.', load: async () => (await import('./open')).openCommand },
  { name: 'install', summary: 'Register claude-mem with Claude Code (hooks + MCP server) for your user.', load: async () => (await import('./install')).installCommand },
  { name: 'uninstall', summary: 'Remove claude-mem from Claude Code and restore the files install changed (your memory is kept).', load: async () => (await import('./install')).uninstallCommand },
  { name: 'update', summary: 'Show how claude-mem was installed and how to update it (npm, npx, marketplace, checkout).', load: async () => (await import('./update-command')).updateCommand },
  { name: 'search', summary: 'Search memories (current project unless --project/--all).', load: async () => (await import('./search-command')).searchCommand },
  { name: 'show', summary: 'Show full observations by id.', load: async () => (await import('./show-command')).showCommand },
  { name: 'timeline', summary: 'Show observations and summaries in time order, around an id or a date.', load: async () => (await import('./timeline-command')).timelineCommand },
  { name: 'forget', summary: 'Delete observations by id, or everything recorded for a project.', load: async () => (await import('./forget-command')).forgetCommand },
  { name: 'export', summary: 'Write memories as JSONL to stdout (every project unless --project).', load: async () => (await import('./export-command')).exportCommand },
  { name: 'import', summary: 'Import memories from a JSONL export, or from the original claude-mem (--from-claude-mem).', load: async () => (await import('./import-command')).importCommand },
  { name: 'projects', summary: 'Projects imported from the original claude-mem and their linked folders (link/unlink).', load: async () => (await import('./projects-command')).projectsCommand },
  { name: 'stats', summary: 'Counts of memories per project, type and origin; database size; queue states.', load: async () => (await import('./stats-command')).statsCommand },
  { name: 'server', summary: 'Run the team server (PostgreSQL) and manage its API keys.', load: async () => (await import('./server-command')).serverCommand },
  { name: 'team', summary: 'Share this repository\'s memory with your team server (share/unshare) and show sync status.', load: async () => (await import('./team-command')).teamCommand },
];

/** Run one CLI invocation and return its exit code. Errors with a kind are printed with their fix. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    printHelp(ctx);
    return name ? 0 : 64;
  }
  if (name === '--version' || name === 'version') {
    ctx.out.line(VERSION);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    ctx.out.error(new MemError('validation', `Unknown command "${name}".`, { hint: 'Run `claude-mem help` to list the commands.' }));
    return 64;
  }
  try {
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      ctx.out.line(command.usage);
      return 0;
    }
    return await command.run(rest, ctx);
  } catch (err) {
    const e = toMemError(err);
    ctx.out.error(e);
    return exitCodeFor(e.kind);
  }
}

declare const __VERSION__: string | undefined;
export const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

function printHelp(ctx: CliContext): void {
  ctx.out.line('claude-mem: persistent memory for AI coding agents');
  ctx.out.line('');
  ctx.out.line('Commands:');
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  for (const c of COMMANDS) ctx.out.line(`  ${c.name.padEnd(width)}  ${c.summary}`);
  ctx.out.line('');
  ctx.out.line('Run `claude-mem <command> --help` for a command\'s options.');
}

function toMemError(err: unknown): MemError {
  if (err instanceof MemError) return err;
  const code = (err as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    return new MemError('validation', (err as Error).message, { hint: 'Run the command with --help to see its options.' });
  }
  // No stack trace for users: the message names the problem; a bug report can ask for more.
  return new MemError('internal', `Unexpected error: ${(err as Error).message ?? String(err)}`, {
    hint: 'This is a bug in claude-mem; please report it with the command you ran.',
    cause: err,
  });
}
