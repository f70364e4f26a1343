import { MemError } from '../contracts';
import { configCommand } from './config-command';
import { confirmCommand } from './confirm-command';
import type { CliContext, Command } from './context';
import { exitCodeFor } from './exit-codes';
import { installCommand, uninstallCommand } from './install';
import { openCommand } from './open';
import { doctorCommand } from './doctor-command';
import { startCommand } from './start-command';
import { statusCommand } from './status-command';
import { workerCommand } from './worker-command';
import { searchCommand } from './search-command';
import { showCommand } from './show-command';
import { timelineCommand } from './timeline-command';
import { forgetCommand } from './forget-command';
import { exportCommand } from './export-command';
import { importCommand } from './import-command';
import { statsCommand } from './stats-command';
import { projectsCommand } from './projects-command';
import { updateCommand } from './update-command';
import { serverCommand } from './server-command';

export type { CliContext, Command } from './context';
export { createOutput, type Output } from './output';

/** Every command, in the order `help` lists them. Add a command by adding its file and one line here. */
export const COMMANDS: Command[] = [
  startCommand,
  statusCommand,
  workerCommand,
  doctorCommand,
  configCommand,
  confirmCommand,
  openCommand,
  installCommand,
  uninstallCommand,
  updateCommand,
  searchCommand,
  showCommand,
  timelineCommand,
  forgetCommand,
  exportCommand,
  importCommand,
  projectsCommand,
  statsCommand,
  serverCommand,
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
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    ctx.out.error(new MemError('validation', `Unknown command "${name}".`, { hint: 'Run `claude-mem help` to list the commands.' }));
    return 64;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.out.line(command.usage);
    return 0;
  }
  try {
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
