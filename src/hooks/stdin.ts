/**
 * Payloads up to this size are read as they are. A bigger one (a tool that wrote or read a huge
 * file) is kept, with every string longer than 64K characters cut in the middle and a marker
 * saying how much was cut: see docs/claude-code.md.
 */
export const MAX_STDIN_BYTES = 5 * 1024 * 1024;
/** Reading stops here: no real payload is this big, and an endless stream must not hold the hook. */
export const HARD_STDIN_BYTES = 256 * 1024 * 1024;
/** Even cut, a payload bigger than this is given up (a huge structure, not one huge string). */
const MAX_CUT_TEXT = 10 * 1024 * 1024;
/** Characters of one string kept from an oversized payload: its start and its end. */
const KEEP_HEAD = 48 * 1024;
const KEEP_TAIL = 16 * 1024;

export type StdinResult =
  | { ok: true; text: string; cut?: { bytes: number; chars: number } }
  | { ok: false; reason: 'empty' | 'too_large'; bytes: number };

/**
 * Read all of stdin. Past `max` bytes, the rest streams through a cutter that keeps the JSON
 * valid and each long string's start and end; past `hard` bytes (or when even the cut text is
 * too big) reading stops. A TTY counts as empty: nobody piped a payload.
 */
export async function readStdin(
  stream: NodeJS.ReadStream,
  max = MAX_STDIN_BYTES,
  hard = HARD_STDIN_BYTES,
): Promise<StdinResult> {
  if (stream.isTTY) return { ok: false, reason: 'empty', bytes: 0 };
  let chunks: Buffer[] = [];
  let bytes = 0;
  let cutter: StringCutter | undefined;
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    bytes += buf.length;
    if (cutter) cutter.push(decoder.decode(buf, { stream: true }));
    else {
      chunks.push(buf);
      if (bytes > max) {
        const limit = max % (1024 * 1024) === 0 ? `${max / 1024 / 1024} MiB` : `${max} byte`;
        cutter = new StringCutter(`the hook payload was over the ${limit} limit`);
        for (const c of chunks) cutter.push(decoder.decode(c, { stream: true }));
        chunks = [];
      }
    }
    if (bytes > hard || (cutter && cutter.size > MAX_CUT_TEXT)) {
      stream.destroy();
      return { ok: false, reason: 'too_large', bytes };
    }
  }
  if (bytes === 0) return { ok: false, reason: 'empty', bytes };
  if (!cutter) return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
  cutter.push(decoder.decode());
  return { ok: true, text: cutter.text(), cut: { bytes, chars: cutter.cutChars } };
}

/**
 * Streams JSON text through, cutting the middle of every string longer than KEEP_HEAD+KEEP_TAIL
 * characters (counted as written, escapes included) and putting `…[N chars cut: why]…` there.
 * Escape sequences are never split, so the output stays valid JSON when the input was.
 */
class StringCutter {
  size = 0;
  cutChars = 0;
  private readonly out: string[] = [];
  private inString = false;
  private escape = '';
  private head = '';
  private tail = '';
  /** Characters of the current string past its head: in `tail`, or cut. */
  private past = 0;
  private readonly special = /["\\]/g;

  constructor(private readonly why: string) {}

  push(text: string): void {
    let i = 0;
    while (i < text.length) {
      if (!this.inString) {
        const q = text.indexOf('"', i);
        this.emit(text.slice(i, q === -1 ? text.length : q + 1));
        if (q === -1) return;
        this.inString = true;
        this.head = this.tail = '';
        this.past = 0;
        i = q + 1;
      } else if (this.escape) {
        while (i < text.length && !escapeDone(this.escape)) this.escape += text[i++];
        if (!escapeDone(this.escape)) return;
        this.add(this.escape, false);
        this.escape = '';
      } else {
        this.special.lastIndex = i;
        const m = this.special.exec(text);
        const end = m ? m.index : text.length;
        if (end > i) this.add(text.slice(i, end), true);
        if (!m) return;
        i = end + 1;
        if (text[end] === '\\') this.escape = '\\';
        else this.closeString();
      }
    }
  }

  text(): string {
    return this.out.join('');
  }

  private emit(s: string): void {
    this.out.push(s);
    this.size += s.length;
  }

  /** Add plain characters (`plain`: no quote, no backslash) or one whole escape sequence. */
  private add(s: string, plain: boolean): void {
    let rest = s;
    if (this.head.length < KEEP_HEAD) {
      const take = plain ? Math.min(rest.length, KEEP_HEAD - this.head.length) : rest.length;
      this.head += rest.slice(0, take);
      rest = rest.slice(take);
      if (!rest) return;
    }
    this.past += rest.length;
    if (plain && rest.length >= KEEP_TAIL) this.tail = rest.slice(-KEEP_TAIL);
    else {
      this.tail += rest;
      if (this.tail.length > 2 * KEEP_TAIL) this.trimTail();
    }
  }

  /** Drop the tail's oldest whole characters and escapes until KEEP_TAIL remain. */
  private trimTail(): void {
    let k = 0;
    while (this.tail.length - k > KEEP_TAIL) k += this.tail[k] === '\\' ? (this.tail[k + 1] === 'u' ? 6 : 2) : 1;
    this.tail = this.tail.slice(k);
  }

  private closeString(): void {
    const cut = this.past - this.tail.length;
    if (cut > 0) this.cutChars += cut;
    this.emit(cut > 0 ? `${this.head}…[${cut} chars cut: ${this.why}]…${this.tail}"` : `${this.head}${this.tail}"`);
    this.inString = false;
    this.head = this.tail = '';
  }
}

function escapeDone(esc: string): boolean {
  return esc.length >= 2 && (esc[1] !== 'u' || esc.length >= 6);
}
