// "A year of use", scaled down: the mechanics that keep the data dir small hold over many days
// (old payloads dropped, logs capped, the database reusing freed pages). Timings are bench-only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulateYear } from '../../bench/lib/year';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-year-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a year of use (scaled down: 30 working days x 200 events)', () => {
  it('keeps only the last week of payloads, caps the logs and stops the database from growing with payloads', async () => {
    const r = await simulateYear({
      dataDir: dir,
      days: 30,
      eventsPerDay: 200,
      payloadBytes: 2_000,
      logBytesPerDay: 6_000_000,
      retentionDays: 7,
      samples: 3,
    });
    expect(r.events).toBe(6_000);
    // Seven calendar days hold five working days: at most six days of events keep their payload.
    expect(r.payloadsKept).toBeLessThanOrEqual(6 * 200);
    expect(r.payloadsDropped).toBe(r.events - r.payloadsKept);
    // 14 days of 6 MB logs would be 84 MB: the total cap (50 MB) holds.
    expect(r.logBytes).toBeLessThanOrEqual(50 * 1024 * 1024);
    // 6,000 payloads of 2 KB took one 4 KB page each (24 MB) when emptied in place; dropped and
    // packed, with the freed pages given back, the file holds about a week of them.
    expect(r.dbBytes).toBeLessThan(12 * 1024 * 1024);
  });
});
