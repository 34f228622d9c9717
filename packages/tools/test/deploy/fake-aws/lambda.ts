/**
 * Fake Lambda, REST-JSON (API version 2015-03-31): the operations deploy uses, with the checks
 * Lambda makes (role assumable by Lambda, runtime, memory/timeout ranges, CodeSha256 on publish).
 */
import { createHash } from 'node:crypto';
import { FakeAwsError, type FakeRequest, type FakeResponse, type FakeService } from './server.ts';
import {
  type FakeFunction,
  type FakeFunctionConfig,
  type FakeState,
  functionArn,
} from './state.ts';

const RUNTIMES = new Set(['nodejs20.x', 'nodejs22.x', 'nodejs24.x', 'python3.12', 'python3.13']);

type Json = Record<string, unknown>;

function json(status: number, body: unknown): FakeResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function notFound(name: string): FakeAwsError {
  return new FakeAwsError(
    404,
    'ResourceNotFoundException',
    `Function not found: ${functionArn(name)}`,
  );
}

function invalid(message: string): FakeAwsError {
  return new FakeAwsError(400, 'InvalidParameterValueException', message);
}

/** `name`, `name:3` or a full ARN → name and qualifier. */
function parseName(raw: string, qualifier: string | null): { name: string; qualifier?: string } {
  if (raw.startsWith('arn:')) {
    const parts = raw.split(':');
    if (parts[3] !== 'us-east-1') throw notFound(raw);
    const q = parts[7] ?? qualifier ?? undefined;
    return { name: parts[6] ?? '', ...(q ? { qualifier: q } : {}) };
  }
  const [name = '', q] = raw.split(':');
  const resolved = q ?? qualifier ?? undefined;
  return { name, ...(resolved ? { qualifier: resolved } : {}) };
}

function lookup(state: FakeState, name: string, qualifier?: string): FakeFunctionConfig {
  const fn = state.functions.get(name);
  if (!fn) throw notFound(name);
  if (!qualifier || qualifier === '$LATEST') {
    if (!fn.pending || fn.pending.reads <= 0) return fn.latest;
    // Lambda takes a moment after a create (State Pending) or an update (InProgress).
    fn.pending.reads--;
    return fn.pending.after === 'create'
      ? { ...fn.latest, State: 'Pending' }
      : { ...fn.latest, LastUpdateStatus: 'InProgress' };
  }
  const version = fn.versions.find((v) => v.Version === qualifier);
  if (!version) throw notFound(`${name}:${qualifier}`);
  return version;
}

function checkSettings(state: FakeState, body: Json): void {
  if (body.Runtime !== undefined && !RUNTIMES.has(String(body.Runtime))) {
    throw invalid(`The runtime parameter of ${String(body.Runtime)} is not supported.`);
  }
  const memory = body.MemorySize as number | undefined;
  if (memory !== undefined && (memory < 128 || memory > 10_240)) {
    throw invalid(`MemorySize must be between 128 and 10240, got ${memory}.`);
  }
  const timeout = body.Timeout as number | undefined;
  if (timeout !== undefined && (timeout < 1 || timeout > 900)) {
    throw invalid(`Timeout must be between 1 and 900, got ${timeout}.`);
  }
  if (body.Role !== undefined) {
    const roleName = String(body.Role).split('/').pop() ?? '';
    const role = state.roles.get(roleName);
    if (!role?.AssumeRolePolicyDocument.includes('lambda.amazonaws.com')) {
      throw invalid('The role defined for the function cannot be assumed by Lambda.');
    }
  }
}

function sha256(zip: Buffer): string {
  return createHash('sha256').update(zip).digest('base64');
}

function zipOf(body: Json): Buffer {
  const encoded = (body.Code as Json | undefined)?.ZipFile ?? body.ZipFile;
  if (typeof encoded !== 'string' || encoded.length === 0) throw invalid('ZipFile is required.');
  return Buffer.from(encoded, 'base64');
}

function withoutEmpty(config: FakeFunctionConfig): FakeFunctionConfig {
  const copy = { ...config };
  if (copy.Environment && Object.keys(copy.Environment.Variables).length === 0)
    delete copy.Environment;
  if (copy.Layers && copy.Layers.length === 0) delete copy.Layers;
  if (copy.VpcConfig && copy.VpcConfig.SubnetIds.length === 0) delete copy.VpcConfig;
  return copy;
}

const PREFIX = '/2015-03-31/functions';

export const fakeLambda: FakeService = {
  renderError: (error) => ({
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code },
    body: JSON.stringify({ Type: 'User', message: error.message }),
  }),

  handle(request: FakeRequest, state, record) {
    if (!request.path.startsWith(PREFIX))
      throw new FakeAwsError(404, 'UnknownOperation', request.path);
    const rest = request.path.slice(PREFIX.length).replace(/\/$/, '');
    const [, rawName, sub] = rest.split('/');
    const body = request.body.length > 0 ? (JSON.parse(request.body.toString()) as Json) : {};
    const qualifier = request.query.get('Qualifier');

    if (request.method === 'POST' && !rawName) {
      const name = String(body.FunctionName ?? '');
      record('CreateFunction', name);
      if (state.functions.has(name)) {
        throw new FakeAwsError(409, 'ResourceConflictException', `Function already exist: ${name}`);
      }
      checkSettings(state, body);
      if (!body.Role || !body.Runtime || !body.Handler) {
        throw invalid('Role, Runtime and Handler are required for .zip functions.');
      }
      const zip = zipOf(body);
      const latest: FakeFunctionConfig = withoutEmpty({
        FunctionName: name,
        FunctionArn: functionArn(name),
        Runtime: String(body.Runtime),
        Role: String(body.Role),
        Handler: String(body.Handler),
        CodeSize: zip.length,
        CodeSha256: sha256(zip),
        Timeout: (body.Timeout as number | undefined) ?? 3,
        MemorySize: (body.MemorySize as number | undefined) ?? 128,
        Version: '$LATEST',
        Architectures: (body.Architectures as string[] | undefined) ?? ['x86_64'],
        PackageType: 'Zip',
        State: 'Active',
        LastUpdateStatus: 'Successful',
        ...(body.Environment
          ? { Environment: body.Environment as FakeFunctionConfig['Environment'] }
          : {}),
      });
      const fn: FakeFunction = {
        latest,
        versions: [],
        pending: { reads: state.lambdaPendingPolls, after: 'create' },
      };
      state.functions.set(name, fn);
      return json(201, latest);
    }

    const { name, qualifier: q } = parseName(rawName ?? '', qualifier);
    if (request.method === 'GET' && !sub) {
      record('GetFunction', name);
      const configuration = lookup(state, name, q);
      return json(200, {
        Configuration: configuration,
        Code: { RepositoryType: 'S3', Location: 'https://example.invalid/code.zip' },
      });
    }
    if (request.method === 'GET' && sub === 'configuration') {
      record('GetFunctionConfiguration', q ? `${name}:${q}` : name);
      return json(200, lookup(state, name, q));
    }
    if (request.method === 'GET' && sub === 'versions') {
      record('ListVersionsByFunction', name);
      const fn = state.functions.get(name);
      if (!fn) throw notFound(name);
      return json(200, { Versions: [fn.latest, ...fn.versions] });
    }
    if (request.method === 'PUT' && sub === 'code') {
      record('UpdateFunctionCode', name);
      const fn = state.functions.get(name);
      if (!fn) throw notFound(name);
      const zip = zipOf(body);
      fn.latest = {
        ...fn.latest,
        CodeSize: zip.length,
        CodeSha256: sha256(zip),
        Architectures: (body.Architectures as string[] | undefined) ?? fn.latest.Architectures,
        LastUpdateStatus: 'Successful',
      };
      fn.pending = { reads: state.lambdaPendingPolls, after: 'update' };
      return json(200, fn.latest);
    }
    if (request.method === 'PUT' && sub === 'configuration') {
      record('UpdateFunctionConfiguration', name);
      const fn = state.functions.get(name);
      if (!fn) throw notFound(name);
      checkSettings(state, body);
      const settings = Object.fromEntries(
        [
          'Runtime',
          'Role',
          'Handler',
          'MemorySize',
          'Timeout',
          'Environment',
          'Layers',
          'VpcConfig',
        ]
          .filter((key) => body[key] !== undefined)
          .map((key) => [key, body[key]]),
      );
      if (Array.isArray(settings.Layers)) settings.Layers = [];
      fn.latest = withoutEmpty({ ...fn.latest, ...settings, LastUpdateStatus: 'Successful' });
      fn.pending = { reads: state.lambdaPendingPolls, after: 'update' };
      return json(200, fn.latest);
    }
    if (request.method === 'POST' && sub === 'versions') {
      record('PublishVersion', name);
      const fn = state.functions.get(name);
      if (!fn) throw notFound(name);
      if (body.CodeSha256 !== undefined && body.CodeSha256 !== fn.latest.CodeSha256) {
        throw invalid(
          `CodeSHA256 (${String(body.CodeSha256)}) is different from current CodeSHA256 in $LATEST (${fn.latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
        );
      }
      const { Version: _latest, FunctionArn: _arn, ...settings } = fn.latest;
      const last = fn.versions.at(-1);
      if (last) {
        const { Version: _v, FunctionArn: _a, Description: _d, ...lastSettings } = last;
        const { Description: _ld, ...current } = settings;
        // Lambda does not publish a new version when nothing changed since the last one.
        if (JSON.stringify(lastSettings) === JSON.stringify(current)) return json(201, last);
      }
      const version = String(fn.versions.length + 1);
      const published: FakeFunctionConfig = {
        ...settings,
        Version: version,
        FunctionArn: functionArn(name, version),
        ...(body.Description ? { Description: String(body.Description) } : {}),
      };
      fn.versions.push(published);
      return json(201, published);
    }
    throw new FakeAwsError(404, 'UnknownOperation', `${request.method} ${request.path}`);
  },
};
