const KB = 1024;
const MB = 1024 * KB;

/** Binary units, as the Lambda limits are (1 MB = 1,048,576 bytes, docs/cloudfront-rules.md#code-size). */
export function formatBytes(bytes: number): string {
  if (bytes < KB) return `${bytes} B`;
  if (bytes < MB) return `${trim(bytes / KB)} KB`;
  return `${trim(bytes / MB)} MB`;
}

function trim(value: number): string {
  return value.toFixed(value < 10 ? 2 : 1).replace(/\.?0+$/, '');
}

export function formatShare(share: number): string {
  if (share > 0 && share < 0.0001) return '<0.01%';
  return `${(share * 100).toFixed(share < 0.1 ? 2 : 1)}%`;
}
