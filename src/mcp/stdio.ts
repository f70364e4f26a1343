import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../log';

/** Longest request line we read (the SDK's own stdio limit); a longer one is dropped and answered. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

/**
 * Newline-delimited JSON-RPC over stdin/stdout, like the SDK's StdioServerTransport, but it
 * answers what the SDK drops in silence: a line that is not JSON gets -32700 (Parse error), JSON
 * that is not a JSON-RPC message gets -32600 with its id echoed when the id is a valid JSON-RPC
 * id (string, number or null), and a line over MAX_LINE_BYTES is logged, answered and skipped —
 * the server keeps serving instead of closing. Every such event goes to our log file.
 */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private chunks: Buffer[] = [];
  private size = 0;
  /** Inside an oversized line: drop bytes until its newline. */
  private skipping = false;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly output: NodeJS.WritableStream,
    private readonly logger: Logger,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('error', this.onInputError);
  }

  async close(): Promise<void> {
    this.input.off('data', this.onData);
    this.input.off('error', this.onInputError);
    this.chunks = [];
    this.size = 0;
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.write(message);
  }

  private readonly onInputError = (err: Error) => {
    this.logger.error('MCP stdin error', { error: err.message });
    this.onerror?.(err);
  };

  private readonly onData = (chunk: Buffer | string) => {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10)) {
      const head = buf.subarray(0, nl);
      buf = buf.subarray(nl + 1);
      if (this.skipping) {
        this.skipping = false;
        continue;
      }
      if (this.size + head.length > this.maxLineBytes) {
        this.tooLong(this.size + head.length);
        continue;
      }
      const line = Buffer.concat([...this.chunks, head]).toString('utf8');
      this.chunks = [];
      this.size = 0;
      this.handleLine(line.replace(/\r$/, ''));
    }
    if (buf.length === 0 || this.skipping) return;
    if (this.size + buf.length > this.maxLineBytes) {
      this.tooLong(this.size + buf.length);
      this.skipping = true;
      return;
    }
    this.chunks.push(buf);
    this.size += buf.length;
  };

  private tooLong(bytes: number): void {
    this.chunks = [];
    this.size = 0;
    this.logger.error('MCP request line too long; dropped', { bytes, limit: this.maxLineBytes });
    void this.reply(null, INVALID_REQUEST, `Request too large: a message line may hold at most ${this.maxLineBytes} bytes.`);
  }

  private handleLine(line: string): void {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      this.logger.warn('MCP request is not JSON', { error: (err as Error).message, bytes: line.length });
      void this.reply(null, PARSE_ERROR, `Parse error: ${(err as Error).message}`);
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(json);
    if (parsed.success) {
      this.onmessage?.(parsed.data);
      return;
    }
    const id = echoableId(json);
    this.logger.warn('MCP message is not valid JSON-RPC', { id, error: parsed.error.issues[0]?.message });
    void this.reply(id, INVALID_REQUEST, 'Invalid Request: not a JSON-RPC 2.0 message this server accepts.');
  }

  private reply(id: string | number | null, code: number, message: string): Promise<void> {
    // JSON-RPC error responses may carry id null, which the SDK's message type does not allow.
    return this.write({ jsonrpc: '2.0', id, error: { code, message } });
  }

  private write(message: unknown): Promise<void> {
    return new Promise((resolve) => {
      if (this.output.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.output.once('drain', resolve);
    });
  }
}

/** The request's id when it is one JSON-RPC allows (string, number, null); otherwise null. */
function echoableId(json: unknown): string | number | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('id' in json)) return null;
  const id = (json as { id: unknown }).id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
}
