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

describe('a year of use (scaled down: 30 working days x 60 events)', () => {
  it('keeps only the last week of payloads, caps the logs and stops the database from growing with payloads', async () => {
    const r = await simulateYear({
      dataDir: dir,
      days: 30,
      eventsPerDay: 60,
      payloadBytes: 20_000,
      logBytesPerDay: 6_000_000,
      retentionDays: 7,
      samples: 3,
    });
    expect(r.events).toBe(1_800);
    // Seven calendar days hold five working days: at most six days of events keep their payload.
    expect(r.payloadsKept).toBeLessThanOrEqual(6 * 60);
    expect(r.payloadsDropped).toBe(r.events - r.payloadsKept);
    // 14 days of 6 MB logs would be 84 MB: the total cap (50 MB) holds.
    expect(r.logBytes).toBeLessThanOrEqual(50 * 1024 * 1024);
    // 1,800 payloads of 20 KB are 36 MB; with all but a week dropped and pages given back, the
    // file stays far below that.
    expect(r.dbBytes).toBeLessThan(20 * 1024 * 1024);
  });
});
