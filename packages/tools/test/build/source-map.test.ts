import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { type RawSourceMap, SourceMapLookup } from '../../src/build/source-map.ts';

describe('SourceMapLookup', () => {
  it('maps positions in minified output back to the original line and column', async () => {
    const source = [
      'const first = (a: number) => a + 1;',
      '',
      '    export function second(flag: boolean) {',
      '  return flag ? target.alpha : first(2);',
      '}',
      'export const third = () => target.beta;',
    ].join('\n');
    const { code, map } = await transform(source, {
      loader: 'ts',
      minify: true,
      sourcemap: 'external',
      sourcefile: 'src/index.ts',
      format: 'esm',
    });
    const lookup = new SourceMapLookup(JSON.parse(map) as RawSourceMap);
    const at = (needle: string) => {
      const offset = code.indexOf(needle);
      const before = code.slice(0, offset).split('\n');
      return lookup.originalPosition(before.length - 1, before.at(-1)!.length);
    };
    expect(at('target.alpha')).toMatchObject({ source: 'src/index.ts', line: 4, column: 17 });
    expect(at('target.beta')).toMatchObject({
      line: 6,
      column: 28,
      text: 'target.beta;',
    });
  });

  it('returns nothing for a line or column the map does not cover', () => {
    const lookup = new SourceMapLookup({ sources: ['a.ts'], mappings: ';;EAAE' });
    expect(lookup.originalPosition(0, 0)).toBeUndefined();
    expect(lookup.originalPosition(5, 0)).toBeUndefined();
    // Segment "EAAE": generated column 2, source 0, line 0, column 2.
    expect(lookup.originalPosition(2, 1)).toBeUndefined();
    expect(lookup.originalPosition(2, 9)).toEqual({ source: 'a.ts', line: 1, column: 3 });
  });
});
