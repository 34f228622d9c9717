export * from './body.ts';
export * from './builders.ts';
export * from './cookies.ts';
export * from './errors.ts';
export * from './headers.ts';
export * from './normalize.ts';
export * from './query.ts';
export * from './types.ts';
