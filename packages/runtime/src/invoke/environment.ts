/**
 * What `process.env` holds inside a Node.js container. Lambda@Edge does not support environment
 * variables beyond the ones Lambda sets itself
 * (docs/cloudfront-rules.md#unsupported-lambda-features), so a handler that reads its own settings
 * from the environment must fail here as it would at the edge. Kept: Lambda's reserved names, and
 * the host's AWS credentials and PATH/HOME, standing in for the execution role and the runtime's
 * own setup. The function-specific names are set when a module loads.
 */
const PASSED_THROUGH = [
  'PATH',
  'HOME',
  'LANG',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
];

export function containerEnvironment(runtime: string): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  };
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
