/**
 * What the pipeline needs from the invoke contract: an EdgeFunction per associated function
 * and its typed outcome. Anything with this shape works (createFunction, or a test double).
 */
export type { EdgeFunction, ErrorType, InvokeOutcome, LogLine } from '../invoke/index.ts';
export type { Violation } from '../validate/index.ts';
