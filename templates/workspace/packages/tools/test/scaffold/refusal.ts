import { expect } from 'vitest';
import { EdgeUserError } from '../../src/errors.ts';

/** The EdgeUserError `action` throws; fails the test when it throws nothing or something else. */
export function refusal(action: () => unknown): EdgeUserError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(EdgeUserError);
    return error as EdgeUserError;
  }
  throw new Error('expected an EdgeUserError');
}
