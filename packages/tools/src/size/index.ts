export {
  CLOUDFRONT_FUNCTION_MAX_BYTES,
  cloudFrontFunctionCandidate,
} from './cloudfront-function.ts';
export { assertWithinSizes, formatSizeTable } from './format.ts';
export { formatBytes, formatShare } from './format-bytes.ts';
export type { FunctionSize, SizeBreach, SizeReport } from './report.ts';
export { sizeReport } from './report.ts';
