import type { MemError } from '../contracts';

/** The CLI's only way to print. Results go to stdout, diagnostics to stderr. */
export interface Output {
  line(text?: string): void;
  json(value: unknown): void;
  warn(text: string): void;
  error(err: MemError): void;
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
  };
}
