import { describe, expect, it } from 'vitest';
import { colorEnabled } from '../src/color.ts';

const terminal = { isTTY: true };
const pipe = { isTTY: false };

describe('colorEnabled', () => {
  it('colours a terminal and not a pipe by default', () => {
    expect(colorEnabled(terminal, {})).toBe(true);
    expect(colorEnabled(pipe, {})).toBe(false);
    expect(colorEnabled(terminal, { TERM: 'dumb' })).toBe(false);
  });

  it('turns colour off with NO_COLOR set and not empty', () => {
    expect(colorEnabled(terminal, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(terminal, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(terminal, { NODE_DISABLE_COLORS: '1' })).toBe(false);
  });

  it('lets FORCE_COLOR decide before anything else', () => {
    expect(colorEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(pipe, { FORCE_COLOR: '' })).toBe(true);
    expect(colorEnabled(terminal, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(terminal, { FORCE_COLOR: 'false' })).toBe(false);
    expect(colorEnabled(pipe, { FORCE_COLOR: '2', NO_COLOR: '1' })).toBe(true);
  });
});
