import type { Config } from '../config';
import type { Output } from './output';

/** What every command receives. Config is loaded lazily so `config` can report its own errors. */
export interface CliContext {
  out: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
  home: string;
  now: () => Date;
  config: () => Config;
  /** Standard input, for commands that ask for confirmation. */
  stdin: NodeJS.ReadableStream;
  isTTY: boolean;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code (0 on success); throw a MemError for failures with a kind. */
  run(args: string[], ctx: CliContext): Promise<number>;
}
