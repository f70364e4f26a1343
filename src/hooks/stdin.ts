/** Most bytes a hook reads from stdin. A real payload is far smaller; more is a bug or an attack. */
export const MAX_STDIN_BYTES = 5 * 1024 * 1024;

export type StdinResult =
  { ok: true; text: string } | { ok: false; reason: 'empty' | 'too_large'; bytes: number };

/**
 * Read all of stdin, stopping as soon as it passes `max` bytes (the rest is not read at all, so
 * an endless stream cannot hold the hook). A TTY counts as empty: nobody piped a payload.
 */
export async function readStdin(
  stream: NodeJS.ReadStream,
  max = MAX_STDIN_BYTES,
): Promise<StdinResult> {
  if (stream.isTTY) return { ok: false, reason: 'empty', bytes: 0 };
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    bytes += buf.length;
    if (bytes > max) {
      stream.destroy();
      return { ok: false, reason: 'too_large', bytes };
    }
    chunks.push(buf);
  }
  if (bytes === 0) return { ok: false, reason: 'empty', bytes };
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}
