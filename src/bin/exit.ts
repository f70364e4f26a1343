/**
 * Ends the process once everything written to stdout and stderr has left it. `process.exit()`
 * alone drops whatever a pipe has not taken yet: with a slow reader (`claude-mem export | gzip`
 * on a busy machine) only the first 64 KiB arrive, and the exit code still says success.
 */
export async function exitWhenFlushed(code: number): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  // A write's callback runs after every earlier write has been handed to the OS.
  return new Promise((done) => {
    if (stream.destroyed || !stream.writable) return done();
    stream.write('', () => done());
    stream.once('error', () => done());
  });
}
