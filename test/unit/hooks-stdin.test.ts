// The hook's stdin reader: payloads over the limit are kept, each long string cut in the middle
// with a marker, and the JSON stays valid however the stream splits it.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readStdin } from '../../src/hooks';

function streamOf(text: string, chunk: number): NodeJS.ReadStream {
  const buf = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
  return Readable.from(parts) as unknown as NodeJS.ReadStream;
}

describe('readStdin', () => {
  it('returns a payload under the limit as it is', async () => {
    const text = JSON.stringify({ a: 'x'.repeat(1000) });
    expect(await readStdin(streamOf(text, 100), 10_000)).toEqual({ ok: true, text });
  });

  it('cuts long strings of an oversized payload, keeping valid JSON, escapes whole, and short strings untouched', { timeout: 120_000 }, async () => {
    // Every escape kind JSON has, at odd offsets, so chunk edges and cut points fall inside them.
    const unit = 'ab"c\\d\ne\u00e9f\u2028g😀h\u0001';
    for (const chunk of [7, 4096, 65_536]) {
      const payload = {
        session_id: 'short',
        big: `HEAD${unit.repeat(6_000)}TAIL`,
        list: [unit.repeat(3), `S${unit.repeat(5_500)}E`],
        n: 42,
      };
      const text = JSON.stringify(payload);
      const r = await readStdin(streamOf(text, chunk), 1_000);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.cut?.bytes).toBe(Buffer.byteLength(text));
      expect(r.cut?.chars).toBeGreaterThan(0);
      const back = JSON.parse(r.text) as typeof payload;
      expect(back.session_id).toBe('short');
      expect(back.n).toBe(42);
      expect(back.list[0]).toBe(unit.repeat(3));
      expect(back.big.startsWith('HEAD')).toBe(true);
      expect(back.big.endsWith('TAIL')).toBe(true);
      expect(back.big).toMatch(/…\[\d+ chars cut: the hook payload was over the 1000 byte limit\]…/);
      expect(back.big.length).toBeLessThan(70_000);
      expect(back.list[1]?.startsWith('S')).toBe(true);
      expect(back.list[1]?.endsWith('E')).toBe(true);
    }
  });

  it('gives up past the hard limit', async () => {
    const r = await readStdin(streamOf(`"${'x'.repeat(5000)}"`, 100), 100, 1000);
    expect(r).toMatchObject({ ok: false, reason: 'too_large' });
  });
});
