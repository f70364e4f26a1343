// The MCP server's stdio edge with raw bytes, as a misbehaving client sends them: a line that is
// not JSON gets -32700, an invalid message gets -32600 echoing its id (string, number or null),
// and a line over the size limit is logged to our log file and answered; the server keeps serving.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../src/mcp';

const ROOT = resolve(__dirname, '../..');
let dir: string;
let child: ChildProcessWithoutNullStreams;
let lines: Array<Record<string, unknown>>;
let waiters: Array<() => void>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-mcp-raw-'));
  lines = [];
  waiters = [];
  child = spawn(process.execPath, [join(ROOT, 'dist/bin/mcp.js')], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir, CLAUDE_MEM_DATA_DIR: join(dir, 'data'), CLAUDE_MEM_WORKER_PORT: '0' },
  });
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i !== -1; i = buf.indexOf('\n')) {
      lines.push(JSON.parse(buf.slice(0, i)) as Record<string, unknown>);
      buf = buf.slice(i + 1);
    }
    for (const w of waiters.splice(0)) w();
  });
});

afterEach(async () => {
  child.stdin.end();
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
});

/** Write raw text and wait for the n-th answer line in total. */
async function answer(raw: string | Buffer, n: number): Promise<Record<string, unknown>> {
  child.stdin.write(raw);
  while (lines.length < n) await new Promise<void>((r) => waiters.push(r));
  return lines[n - 1] as Record<string, unknown>;
}

const errorOf = (m: Record<string, unknown>) => m.error as { code: number; message: string };

describe('MCP stdio edge', () => {
  it('answers a line that is not JSON with -32700 and id null, then keeps serving', async () => {
    const bad = await answer('{"jsonrpc":"2.0","id":1,"method":\n', 1);
    expect(bad).toMatchObject({ jsonrpc: '2.0', id: null });
    expect(errorOf(bad).code).toBe(-32700);
    const ok = await answer(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' })}\n`, 2);
    expect(ok).toMatchObject({ id: 2, result: {} });
  });

  it('echoes string, number and null ids in errors for invalid messages', async () => {
    const cases: Array<[unknown, unknown]> = [
      [{ jsonrpc: '2.0', id: 'abc', method: 7 }, 'abc'],
      [{ jsonrpc: '2.0', id: 42, params: {} }, 42],
      [{ jsonrpc: '2.0', id: null, method: 'tools/list' }, null],
      [{ jsonrpc: '1.0', id: 'old', method: 'ping' }, 'old'],
      [{ jsonrpc: '2.0', id: { nested: true }, method: 'ping' }, null],
      [[1, 2], null],
    ];
    let n = 0;
    for (const [msg, id] of cases) {
      const r = await answer(`${JSON.stringify(msg)}\n`, ++n);
      expect(r.id, JSON.stringify(msg)).toEqual(id);
      expect(errorOf(r).code, JSON.stringify(msg)).toBe(-32600);
    }
    // A valid request with an unknown method still gets the SDK's own -32601, with its id.
    const unknown = await answer(`${JSON.stringify({ jsonrpc: '2.0', id: 'u1', method: 'nope/nothing' })}\n`, ++n);
    expect(unknown.id).toBe('u1');
    expect(errorOf(unknown).code).toBe(-32601);
  });

  it('logs and answers a line over the limit instead of exiting in silence', async () => {
    const huge = Buffer.alloc(MAX_LINE_BYTES + 1024, 'a');
    const r = await answer(Buffer.concat([huge, Buffer.from('\n')]), 1);
    expect(errorOf(r).code).toBe(-32600);
    expect(errorOf(r).message).toContain('too large');
    const ok = await answer(`${JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' })}\n`, 2);
    expect(ok).toMatchObject({ id: 9, result: {} });
    expect(child.exitCode).toBeNull();
    const logs = join(dir, 'data', 'logs');
    const text = readdirSync(logs)
      .filter((f) => f.startsWith('mcp'))
      .map((f) => readFileSync(join(logs, f), 'utf8'))
      .join('\n');
    expect(text).toContain('MCP request line too long');
  });
});
