/**
 * A fake AWS endpoint on 127.0.0.1 for the deploy tests: the real SDK clients talk to it through
 * AWS_ENDPOINT_URL. It routes each request by the service in its SigV4 credential scope, refuses
 * any scope outside us-east-1 as AWS would, records every operation in order, and can be told to
 * fail an operation (throttling, stale ETag, association refused, publish failing...).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeCloudFront } from './cloudfront.ts';
import { fakeIam, fakeSts } from './iam.ts';
import { fakeLambda } from './lambda.ts';
import { type FakeState, newState } from './state.ts';

export const FAKE_ACCESS_KEY = 'AKIAFAKEDEPLOYTEST01';
export const FAKE_SECRET_KEY = 'fake-secret-key-for-tests-only';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** An error as the service would answer it; each service module renders it in its protocol. */
export class FakeAwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Call {
  /** e.g. `lambda:CreateFunction` */
  operation: string;
  /** The function name, role name or distribution id the call was about. */
  subject?: string;
  /** It was answered with an error (injected or real). */
  error?: string;
}

interface Injection {
  operation: string;
  /** Undefined: accept the request and never answer it. */
  error: FakeAwsError | undefined;
  remaining: number;
}

/** Thrown by `record` for an operation told to hang: the request is left unanswered. */
const HANG = Symbol('hang');

export interface FakeAws {
  url: string;
  state: FakeState;
  calls: Call[];
  /** Operation names in order, e.g. ['sts:GetCallerIdentity', 'iam:GetRole', ...]. */
  operations(): string[];
  /** Operations that can change state. */
  mutations(): string[];
  /** Fail the next `times` calls of `operation` (default: every call). */
  fail(
    operation: string,
    error: { status: number; code: string; message?: string },
    times?: number,
  ): void;
  /** Accept the next `times` calls of `operation` (default: every call) and never answer them. */
  hang(operation: string, times?: number): void;
  close(): Promise<void>;
}

/** A route handler: gets the request, records what operation it was, answers or throws. */
export type ServiceHandler = (
  request: FakeRequest,
  state: FakeState,
  record: (operation: string, subject?: string) => void,
) => FakeResponse | Promise<FakeResponse>;

export type ErrorRenderer = (error: FakeAwsError) => FakeResponse;

/** One service: its routes, and how it renders an error in its protocol. */
export interface FakeService {
  handle: ServiceHandler;
  renderError: ErrorRenderer;
}

const READ_ONLY = /:(Get|List)/;

export async function startFakeAws(): Promise<FakeAws> {
  const state = newState();
  const calls: Call[] = [];
  const injections: Injection[] = [];

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    const scope = credentialScope(req.headers.authorization);
    const service = scope?.service ?? 'unknown';
    const { handle, renderError } = serviceFor(service);
    let current: Call | undefined;
    const record = (operation: string, subject?: string) => {
      current = { operation: `${service}:${operation}`, ...(subject ? { subject } : {}) };
      calls.push(current);
      const injection = injections.find(
        (i) => i.operation === current?.operation && i.remaining > 0,
      );
      if (injection) {
        injection.remaining--;
        throw injection.error ?? HANG;
      }
    };
    try {
      if (!scope || scope.accessKey !== FAKE_ACCESS_KEY) {
        throw new FakeAwsError(
          403,
          'InvalidClientTokenId',
          'The security token included in the request is invalid.',
        );
      }
      if (scope.region !== 'us-east-1') {
        throw new FakeAwsError(
          403,
          'SignatureDoesNotMatch',
          `Credential should be scoped to a valid region, not '${scope.region}'.`,
        );
      }
      send(res, await handle(request, state, record));
    } catch (error) {
      if (error === HANG) return;
      if (!(error instanceof FakeAwsError)) {
        send(res, renderError(new FakeAwsError(500, 'InternalFailure', String(error))));
        return;
      }
      if (current) current.error = error.code;
      send(res, renderError(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    calls,
    operations: () => calls.map((c) => c.operation),
    mutations: () => calls.map((c) => c.operation).filter((op) => !READ_ONLY.test(op)),
    fail(operation, error, times = Number.POSITIVE_INFINITY) {
      injections.push({
        operation,
        error: new FakeAwsError(
          error.status,
          error.code,
          error.message ?? `Injected ${error.code}`,
        ),
        remaining: times,
      });
    },
    hang(operation, times = Number.POSITIVE_INFINITY) {
      injections.push({ operation, error: undefined, remaining: times });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serviceFor(service: string): FakeService {
  if (service === 'lambda') return fakeLambda;
  if (service === 'cloudfront') return fakeCloudFront;
  return service === 'sts' ? fakeSts : fakeIam;
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/lambda/aws4_request, ...` */
function credentialScope(
  authorization: string | undefined,
): { accessKey: string; region: string; service: string } | undefined {
  const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
    authorization ?? '',
  );
  if (!match) return undefined;
  return { accessKey: match[1]!, region: match[2]!, service: match[3]! };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: FakeResponse): void {
  res.writeHead(response.status, response.headers ?? {});
  res.end(response.body ?? '');
}
