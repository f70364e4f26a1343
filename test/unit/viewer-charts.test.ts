import { describe, expect, it } from 'vitest';
import { axis } from '../../src/viewer/ui/charts';

describe('viewer chart axis', () => {
  it('puts count ticks on whole numbers and covers the maximum', () => {
    expect(axis(1, true)).toEqual({ top: 1, step: 1 });
    expect(axis(7, true)).toEqual({ top: 8, step: 2 });
    expect(axis(0, true)).toEqual({ top: 1, step: 1 });
  });

  it('uses round steps for token counts, including the budget line', () => {
    expect(axis(2_000_000, false)).toEqual({ top: 2_000_000, step: 500_000 });
    expect(axis(45_000, false)).toEqual({ top: 60_000, step: 20_000 });
  });
});
