import type { MemError } from '../contracts';

/** The CLI's only way to print. Results go to stdout, diagnostics to stderr. */
export interface Output {
  line(text?: string): void;
  json(value: unknown): void;
  warn(text: string): void;
  error(err: MemError): void;
  /**
   * A transient status line on stderr (a progress bar), redrawn in place; a no-op unless stderr
   * is a terminal, so pipes and logs never see it. `progress('')` clears it.
   */
  progress?(text: string): void;
}

export function createOutput(
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): Output {
  return {
    line: (text = '') => void stdout.write(`${text}\n`),
    json: (value) => void stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    warn: (text) => void stderr.write(`warning: ${text}\n`),
    error: (err) => {
      stderr.write(`error: ${err.message}\n`);
      if (err.hint) stderr.write(`  fix: ${err.hint}\n`);
    },
    progress: (text) => {
      if ((stderr as { isTTY?: boolean }).isTTY) stderr.write(`\r\x1b[2K${text}`);
    },
  };
}
