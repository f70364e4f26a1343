import { expect } from 'vitest';
import { MemError } from '../../src/contracts';

/** The MemError thrown by `fn` (fails the test when nothing or something else is thrown). */
export function caught(fn: () => unknown): MemError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MemError);
    return err as MemError;
  }
  throw new Error('expected a MemError, nothing was thrown');
}
