import { expect } from 'vitest';
import { ToolsError } from '../../src/errors.ts';

/** The ToolsError `action` throws; fails the test when it throws nothing or something else. */
export function refusal(action: () => unknown): ToolsError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ToolsError);
    return error as ToolsError;
  }
  throw new Error('expected an ToolsError');
}
