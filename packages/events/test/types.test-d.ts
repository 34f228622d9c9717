/**
 * Type-level tests: checked by `tsc -p packages/events` (`pnpm typecheck`).
 * A broken expectation, or an `@ts-expect-error` that no longer finds an error, fails the
 * type check.
 */
import type {
  CloudFrontCustomOrigin,
  CloudFrontHeaders,
  CloudFrontOrigin,
  CloudFrontRequest,
  CloudFrontRequestEvent,
  CloudFrontRequestEventRecord,
  CloudFrontRequestHandler,
  CloudFrontRequestResult,
  CloudFrontResponse,
  CloudFrontResponseEvent,
  CloudFrontResponseEventRecord,
  CloudFrontResponseResult,
  CloudFrontResultResponse,
  CloudFrontS3Origin,
} from 'aws-lambda';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AnyEvent,
  type CallbackHandler,
  type CustomOrigin,
  type EventByType,
  type GeneratedResponse,
  type Handler,
  type Headers,
  normalizeEvent,
  type Origin,
  type OriginRequest,
  type OriginRequestEvent,
  type OriginRequestHandler,
  type OriginResponseEvent,
  type OriginResponseHandler,
  originRequest,
  originResponse,
  type Response,
  type ResponseEventRequest,
  type ResultByType,
  type ResultResponse,
  type S3Origin,
  type S3OriginWithIdentity,
  type S3OriginWithoutAuth,
  type ViewerRequest,
  type ViewerRequestEvent,
  type ViewerRequestHandler,
  type ViewerResponseEvent,
  type ViewerResponseHandler,
  viewerRequest,
  viewerResponse,
} from '../src/index.ts';

type Cf<E extends AnyEvent> = E['Records'][0]['cf'];
/** The event with its request's origin narrowed to one kind, custom or S3 with OAI. */
type WithOrigin<E extends AnyEvent, O extends CustomOrigin | S3OriginWithIdentity> = {
  Records: [
    {
      cf: Omit<Cf<E>, 'request'> & {
        request: Omit<Cf<E>['request'], 'origin'> & {
          origin: O extends CustomOrigin ? { custom: O; s3?: never } : { s3: O; custom?: never };
        };
      };
    },
  ];
};

describe('what differs by event type', () => {
  it('only origin events carry an origin, and only origin-request may write it', () => {
    expectTypeOf<Cf<OriginRequestEvent>['request']['origin']>().toEqualTypeOf<Origin>();
    expectTypeOf<Cf<ViewerRequestEvent>['request']>().not.toHaveProperty('origin');
    const viewer = viewerRequest().Records[0].cf.request;
    // @ts-expect-error a viewer-request event has no origin yet
    viewer.origin;
    const origin = originRequest().Records[0].cf.request;
    origin.origin = {
      s3: { authMethod: 'none', customHeaders: {}, domainName: 'b.s3.amazonaws.com', path: '' },
    };
    const response = originResponse().Records[0].cf.request;
    // @ts-expect-error the request seen by origin-response is read-only
    response.origin = origin.origin;
  });

  it('response events carry a response; request events do not', () => {
    expectTypeOf<Cf<OriginResponseEvent>>().toHaveProperty('response').toEqualTypeOf<Response>();
    expectTypeOf<Cf<ViewerResponseEvent>>().toHaveProperty('response').toEqualTypeOf<Response>();
    expectTypeOf<Cf<ViewerRequestEvent>>().not.toHaveProperty('response');
    expectTypeOf<Cf<OriginRequestEvent>>().not.toHaveProperty('response');
  });

  it('status is a string in events, a number is allowed only in generated responses', () => {
    expectTypeOf<Response['status']>().toEqualTypeOf<string>();
    expectTypeOf<ResultResponse['status']>().toEqualTypeOf<string>();
    expectTypeOf<GeneratedResponse['status']>().toEqualTypeOf<string | number>();
    // @ts-expect-error origin-response results carry the status as a string
    const result: ResultResponse = { status: 200, headers: {} };
    void result;
  });

  it('the request in response events is read-only and has no body', () => {
    const request = viewerResponse().Records[0].cf.request;
    // @ts-expect-error uri cannot be changed in response events
    request.uri = '/other';
    // @ts-expect-error querystring cannot be changed in response events
    request.querystring = 'a=1';
    expectTypeOf<ResponseEventRequest>().not.toHaveProperty('body');
    const event = viewerResponse();
    // @ts-expect-error the request object itself cannot be replaced
    event.Records[0].cf.request = request;
  });

  it('request events may change uri, querystring and headers but not method or clientIp', () => {
    const request = viewerRequest().Records[0].cf.request;
    request.uri = '/index.html';
    request.querystring = '';
    request.headers = {};
    // @ts-expect-error method is read-only
    request.method = 'POST';
    // @ts-expect-error clientIp is read-only
    request.clientIp = '127.0.0.1';
    // @ts-expect-error config is read-only in every event
    viewerRequest().Records[0].cf.config.requestId = 'x';
  });

  it('config.eventType is the literal of each event', () => {
    expectTypeOf<Cf<ViewerRequestEvent>['config']['eventType']>().toEqualTypeOf<'viewer-request'>();
    expectTypeOf<
      Cf<OriginResponseEvent>['config']['eventType']
    >().toEqualTypeOf<'origin-response'>();
  });

  it('an origin has exactly one of custom or s3, and an S3 origin with OAI needs its Region', () => {
    // @ts-expect-error both kinds at once
    const both: Origin = { custom: {} as CustomOrigin, s3: {} as S3Origin };
    // @ts-expect-error origin-access-identity needs a region
    const noRegion: S3Origin = {
      authMethod: 'origin-access-identity',
      customHeaders: {},
      domainName: 'b',
      path: '',
    };
    void [both, noRegion];
  });
});

describe('what each handler may return', () => {
  it('request handlers forward the request or generate a response', () => {
    const forward: ViewerRequestHandler = async (event) => event.Records[0].cf.request;
    const redirect: ViewerRequestHandler = async () => ({
      status: '302',
      headers: { location: [{ key: 'Location', value: '/login' }] },
    });
    const withCallback: CallbackHandler<'viewer-request'> = (event, _context, callback) =>
      callback(null, event.Records[0].cf.request);
    expectTypeOf(withCallback).toExtend<Handler<'viewer-request'>>();
    expectTypeOf(forward).toExtend<Handler<'viewer-request'>>();
    // @ts-expect-error an origin-request handler must return a request with its origin
    const originless: OriginRequestHandler = async () => viewerRequest().Records[0].cf.request;
    void [forward, redirect, withCallback, originless];
  });

  it('response handlers return a response, never a request', () => {
    const passThrough: OriginResponseHandler = async (event) => event.Records[0].cf.response;
    // @ts-expect-error a response handler cannot forward a request
    const request: ViewerResponseHandler = async (event) => event.Records[0].cf.request;
    // @ts-expect-error the status of a response handler's result is a string
    const numeric: OriginResponseHandler = async () => ({ status: 200, headers: {} });
    void [passThrough, request, numeric];
  });
});

describe('builders and normalizeEvent return the precise type', () => {
  it('builders', () => {
    expectTypeOf(viewerRequest()).toEqualTypeOf<ViewerRequestEvent>();
    expectTypeOf(originRequest()).toEqualTypeOf<OriginRequestEvent>();
    expectTypeOf(originResponse()).toEqualTypeOf<OriginResponseEvent>();
    expectTypeOf(viewerResponse()).toEqualTypeOf<ViewerResponseEvent>();
  });

  it('normalizeEvent narrows when told the event type', () => {
    expectTypeOf(
      normalizeEvent({}, { eventType: 'origin-request' }),
    ).toEqualTypeOf<OriginRequestEvent>();
    expectTypeOf(normalizeEvent({})).toEqualTypeOf<AnyEvent>();
    expectTypeOf<EventByType['viewer-response']>().toEqualTypeOf<ViewerResponseEvent>();
  });
});

describe('assignable to @types/aws-lambda', () => {
  it('whole events', () => {
    expectTypeOf<ViewerRequestEvent>().toExtend<CloudFrontRequestEvent>();
    // Events whose request carries an origin are, as long as the origin is not a public S3
    // bucket carrying a Region (see "not assignable" below): custom origins and S3 origins
    // with an origin access identity always are.
    expectTypeOf<WithOrigin<OriginRequestEvent, CustomOrigin>>().toExtend<CloudFrontRequestEvent>();
    expectTypeOf<
      WithOrigin<OriginRequestEvent, S3OriginWithIdentity>
    >().toExtend<CloudFrontRequestEvent>();
    expectTypeOf<
      WithOrigin<OriginResponseEvent, CustomOrigin>
    >().toExtend<CloudFrontResponseEvent>();
    expectTypeOf<
      WithOrigin<ViewerResponseEvent, CustomOrigin>
    >().toExtend<CloudFrontResponseEvent>();
  });

  it('parts', () => {
    expectTypeOf<Headers>().toExtend<CloudFrontHeaders>();
    expectTypeOf<ViewerRequest>().toExtend<CloudFrontRequest>();
    expectTypeOf<
      OriginRequest & { origin: { custom: CustomOrigin } }
    >().toExtend<CloudFrontRequest>();
    expectTypeOf<Response>().toExtend<CloudFrontResponse>();
    expectTypeOf<ResultResponse>().toExtend<CloudFrontResultResponse>();
    expectTypeOf<CustomOrigin>().toExtend<CloudFrontCustomOrigin>();
    expectTypeOf<S3OriginWithIdentity>().toExtend<CloudFrontS3Origin>();
    expectTypeOf<Omit<S3OriginWithoutAuth, 'region'>>().toExtend<CloudFrontS3Origin>();
  });

  it('a handler written against their types takes our events and returns our results', () => {
    const theirs = async (event: CloudFrontRequestEvent): Promise<CloudFrontRequestResult> =>
      event.Records[0]?.cf.request;
    expectTypeOf(theirs).parameter(0).toExtend<CloudFrontRequestEvent>();
    expectTypeOf<ViewerRequestEvent>().toExtend<Parameters<typeof theirs>[0]>();
    expectTypeOf<NonNullable<CloudFrontRequestResult>>().toExtend<ResultByType['viewer-request']>();
    expectTypeOf<NonNullable<CloudFrontResponseResult>>().toExtend<GeneratedResponse>();
  });

  it('not assignable, and why', () => {
    // GeneratedResponse allows a numeric status (AWS's own examples return numbers and
    // CloudFront accepts them); their CloudFrontResultResponse says string only.
    // @ts-expect-error status may be a number
    const generated: CloudFrontResultResponse = {} as GeneratedResponse;
    // A public S3 origin (authMethod 'none') may carry `region`: the guide says the Region is
    // "required only" with an origin access identity, not that it is absent otherwise, and
    // the local pipeline's S3 origins set it. Theirs has `region?: never`, so an S3Origin,
    // and with it the Origin, OriginRequest and the origin events, are not assignable to
    // theirs as types, only as the values shown under "parts" and "whole events".
    // @ts-expect-error `region` on authMethod 'none'
    const s3: CloudFrontS3Origin = {} as S3Origin;
    // @ts-expect-error the same, through the request's origin
    const originEvent: CloudFrontRequestEvent = {} as OriginRequestEvent;
    // @ts-expect-error the same, through the request's optional origin in response events
    const originResponseEvent: CloudFrontResponseEvent = {} as ViewerResponseEvent;
    // Handler types, ours to theirs: their handler may be called with any request event of
    // either trigger (and a context with the deprecated done/fail/succeed); ours accepts only
    // its own trigger's event, so it cannot stand in for theirs. The other direction is below.
    // @ts-expect-error see above
    const handler: CloudFrontRequestHandler = {} as ViewerRequestHandler;
    void [generated, s3, originEvent, originResponseEvent, handler];
  });
});

describe('assignable from @types/aws-lambda', () => {
  it('parts', () => {
    expectTypeOf<CloudFrontHeaders>().toExtend<Headers>();
    expectTypeOf<CloudFrontRequest>().toExtend<ViewerRequest>();
    expectTypeOf<CloudFrontResponse>().toExtend<Response>();
    expectTypeOf<CloudFrontResultResponse>().toExtend<GeneratedResponse>();
    expectTypeOf<CloudFrontCustomOrigin>().toExtend<CustomOrigin>();
    expectTypeOf<CloudFrontS3Origin>().toExtend<S3Origin>();
    expectTypeOf<CloudFrontOrigin>().toExtend<Origin>();
    expectTypeOf<Required<Pick<CloudFrontRequest, 'origin'>>['origin']>().toExtend<
      OriginRequest['origin']
    >();
  });

  it('records, once their event type is narrowed to one trigger', () => {
    type Narrowed<R extends { cf: { config: object } }, T extends string> = {
      cf: Omit<R['cf'], 'config'> & { config: R['cf']['config'] & { readonly eventType: T } };
    };
    expectTypeOf<Narrowed<CloudFrontRequestEventRecord, 'viewer-request'>>().toExtend<
      ViewerRequestEvent['Records'][0]
    >();
    type WithOrigin = Narrowed<CloudFrontRequestEventRecord, 'origin-request'> & {
      cf: { request: { origin: CloudFrontOrigin } };
    };
    expectTypeOf<WithOrigin>().toExtend<OriginRequestEvent['Records'][0]>();
    expectTypeOf<Narrowed<CloudFrontResponseEventRecord, 'viewer-response'>>().toExtend<
      ViewerResponseEvent['Records'][0]
    >();
  });

  it('not assignable, and why', () => {
    // 1. Their Records is an array (any length); CloudFront sends exactly one record, so ours
    //    is a one-element tuple and `event.Records[0]` needs no undefined check.
    // 2. Their config.eventType is the union of all four triggers; ours is one literal per event.
    //    `normalizeEvent(theirEvent)` checks both at run time and returns our type.
    // @ts-expect-error 1 and 2
    const request: ViewerRequestEvent = {} as CloudFrontRequestEvent;
    // @ts-expect-error 1 and 2
    const response: OriginResponseEvent = {} as CloudFrontResponseEvent;
    // 3. Their request may lack `origin` in every event; our origin-request requires it.
    // @ts-expect-error 3
    const origin: OriginRequest = {} as CloudFrontRequest;
    // 4. Their handler type is one signature with a required callback parameter that may
    //    return void; ours is called with two arguments and must return a promise, so theirs
    //    cannot stand in for ours. Handler
    //    functions written against their event types still can (see "a handler written ...").
    // @ts-expect-error 4
    const theirHandler: ViewerRequestHandler = {} as CloudFrontRequestHandler;
    // 5. Their result response may omit headers; the response an origin-response or
    //    viewer-response function returns has them (the event's response always does).
    // @ts-expect-error 5
    const result: ResultResponse = {} as CloudFrontResultResponse;
    void [request, response, origin, result, theirHandler];
  });
});
