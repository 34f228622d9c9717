import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { translateAwsError } from '../../src/deploy/aws-errors.ts';
import { confirmOnTerminal } from '../../src/deploy/confirm.ts';
import { type DeploymentRecord, rollbackTarget } from '../../src/deploy/history.ts';
import { missingPrincipals } from '../../src/deploy/role.ts';
import { EdgeCancelled, ToolsError } from '../../src/errors.ts';

function awsError(name: string, message: string, attempts = 1) {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400, attempts } });
}

describe('InvalidLambdaFunctionAssociation is explained by its cause', () => {
  it.each([
    [
      "The function must be in region 'us-east-1'. ARN: arn:aws:lambda:eu-west-1:1:function:f:1",
      /not in us-east-1/,
    ],
    [
      'The function ARN must reference a specific function version. (The ARN must end with the version number.)',
      /not a numbered version/,
    ],
    [
      'The function code size is larger than the maximum allowed size for functions that are triggered by a CloudFront event: 1212049 Max allowed: 1048576',
      /zipped code is over the size limit/,
    ],
    [
      'The function timeout is larger than the maximum allowed for functions that are triggered by a CloudFront event: 30 Max allowed: 5',
      /timeout is over the limit/,
    ],
    [
      'The function memory size is larger than the maximum allowed size for functions that are triggered by a CloudFront event: 1024 Max allowed: 128',
      /memory is over the limit/,
    ],
    [
      'The function execution role must be assumable with edgelambda.amazonaws.com as well as lambda.amazonaws.com principals.',
      /trust policy/,
    ],
    [
      'The IncludeBody option can only be used with viewer-request or origin-request events.',
      /IncludeBody is set on a response event/,
    ],
  ])('%s', (message, cause) => {
    const error = translateAwsError(
      awsError('InvalidLambdaFunctionAssociation', message),
      'cloudfront:UpdateDistribution',
    );
    expect(error).toBeInstanceOf(ToolsError);
    expect((error as ToolsError).message).toMatch(cause);
  });

  it('leaves programming errors alone', () => {
    const bug = new TypeError('x is undefined');
    expect(translateAwsError(bug, 'lambda:GetFunction')).toBe(bug);
  });

  it('explains missing credentials', () => {
    const error = translateAwsError(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
      'sts:GetCallerIdentity',
    ) as ToolsError;
    expect(error.hint).toMatch(/AWS_PROFILE/);
  });
});

describe('trust policy check', () => {
  const policy = (service: unknown, extra: object = {}) =>
    JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...extra },
      ],
    });

  it('accepts both principals, URL-encoded as IAM returns it', () => {
    expect(
      missingPrincipals(
        encodeURIComponent(policy(['lambda.amazonaws.com', 'edgelambda.amazonaws.com'])),
      ),
    ).toEqual([]);
  });
  it('names the missing one', () => {
    expect(missingPrincipals(policy('lambda.amazonaws.com'))).toEqual(['edgelambda.amazonaws.com']);
  });
  it('ignores Deny statements', () => {
    expect(
      missingPrincipals(
        policy(['lambda.amazonaws.com', 'edgelambda.amazonaws.com'], { Effect: 'Deny' }),
      ),
    ).toHaveLength(2);
  });
});

describe('rollback target', () => {
  const record = (
    kind: DeploymentRecord['kind'],
    arn: string,
    restoredIndex?: number,
  ): DeploymentRecord => ({
    kind,
    time: '2026-01-01T00:00:00Z',
    distributionId: 'E1',
    behaviors: ['(default)'],
    functions: {},
    associations: arn
      ? [{ behavior: '(default)', eventType: 'viewer-request', arn, includeBody: false }]
      : [],
    previous: [],
    changed: true,
    ...(restoredIndex !== undefined ? { restoredIndex } : {}),
  });

  it('skips deploys identical to the current one', () => {
    const history = [record('deploy', 'f:1'), record('deploy', 'f:2'), record('deploy', 'f:2')];
    expect(rollbackTarget(history)?.index).toBe(0);
  });
  it('walks back from a rollback', () => {
    const history = [
      record('deploy', 'f:1'),
      record('deploy', 'f:2'),
      record('deploy', 'f:3'),
      record('rollback', 'f:2', 1),
    ];
    expect(rollbackTarget(history)?.index).toBe(0);
  });
  it('after a destroy, restores the last deploy', () => {
    const history = [record('deploy', 'f:1'), record('destroy', '')];
    expect(rollbackTarget(history)?.index).toBe(0);
  });
  it('has nothing to offer with one deploy', () => {
    expect(rollbackTarget([record('deploy', 'f:1')])).toBeUndefined();
  });
});

describe('confirmation prompt', () => {
  async function ask(typed: string | null): Promise<unknown> {
    const input = new PassThrough();
    const output = new PassThrough();
    const answer = confirmOnTerminal('Go?', input, output).catch((e: unknown) => e);
    if (typed === null) input.end();
    else input.write(typed);
    return answer;
  }

  it('yes only on y or yes', async () => {
    expect(await ask('y\n')).toBe(true);
    expect(await ask('YES\n')).toBe(true);
    expect(await ask('n\n')).toBe(false);
    expect(await ask('\n')).toBe(false);
  });

  it('end of input before an answer cancels', async () => {
    expect(await ask(null)).toBeInstanceOf(EdgeCancelled);
  });
});
