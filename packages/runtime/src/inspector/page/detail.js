// One request in full: what matched, the cache, the waterfall (waterfall.js), each trigger
// (trigger.js), what the origin answered, and what the viewer sent and got.
import { api, h, ms, replace, statusClass } from './dom.js';
import { trigger } from './trigger.js';
import { waterfall } from './waterfall.js';

/** Shows request `id` in `container`; `actions` replays it or purges its path. */
export async function showDetail(container, id, actions) {
  container.dataset.showing = id;
  replace(container, h('p', { class: 'dim' }, 'loading…'));
  let request;
  try {
    request = await api(`api/requests/${encodeURIComponent(id)}`);
  } catch (error) {
    if (container.dataset.showing === id)
      replace(container, h('p', { class: 'error-text' }, error.message));
    return;
  }
  // Another request was picked meanwhile.
  if (container.dataset.showing !== id) return;
  replace(
    container,
    heading(request, actions),
    failure(request),
    overview(request),
    waterfall(request),
    request.steps.filter((step) => step.name !== 'origin').map(trigger),
    request.steps.filter((step) => step.answer).map(originAnswer),
    viewerResponse(request),
    viewerRequest(request),
    truncatedNote(request),
  );
}

function heading(request, actions) {
  return h(
    'header',
    { class: 'detail-head' },
    h('h2', {}, `${request.method} ${request.url}`),
    h(
      'span',
      { class: `status ${statusClass(request.status)}`, dataset: { status: request.status } },
      request.status,
    ),
    h(
      'span',
      { class: 'cache', dataset: { cacheResult: request.cacheResult } },
      `X-Cache: ${request.cacheResult} from cloudfront`,
    ),
    request.replayOf
      ? h(
          'a',
          { href: `#/requests/${encodeURIComponent(request.replayOf)}`, class: 'dim' },
          'replay of an earlier request',
        )
      : null,
    h('span', { class: 'spacer' }),
    h(
      'button',
      {
        type: 'button',
        id: 'replay',
        onclick: () => actions.replay(request.id),
        title: 'Send this request through the pipeline again',
      },
      'Replay',
    ),
    h(
      'button',
      {
        type: 'button',
        id: 'purge-path',
        onclick: () => actions.purge(request.path),
        title: `Invalidate ${request.path}`,
      },
      'Purge this path',
    ),
  );
}

function failure(request) {
  const { error } = request;
  if (!error) return null;
  const where = error.functionName ? `${error.step} ${error.functionName}` : error.step;
  return h(
    'section',
    { class: 'failure', dataset: { rule: error.rule } },
    h('h3', {}, `✖ ${where}: ${error.errorType} `, h('code', { class: 'rule' }, `[${error.rule}]`)),
    h(
      'p',
      {},
      `CloudFront answered ${error.status}`,
      request.customError
        ? `, replaced by the custom error response (${request.customError.responseCode})`
        : '',
      '.',
    ),
    h('pre', { class: 'message' }, error.message),
    error.fix ? h('p', { class: 'fix' }, h('strong', {}, 'fix: '), error.fix) : null,
  );
}

function overview(request) {
  const { cache, policies } = request;
  const rows = [
    ['arrived', new Date(request.time).toLocaleString()],
    ['behavior', request.behavior === '*' ? 'default (*)' : request.behavior],
    ['cache policy', policies.cache],
    policies.originRequest ? ['origin request policy', policies.originRequest] : null,
    policies.responseHeaders ? ['response headers policy', policies.responseHeaders] : null,
    ['origin', request.target],
    [
      'cache result',
      `${request.cacheResult}${request.fromCache ? ' (from the cache)' : ''} · lookup: ${cache.lookup}${cache.reason ? ` (${cache.reason})` : ''}`,
    ],
    cache.storedForSeconds ? ['stored for', `${cache.storedForSeconds} s`] : null,
    ['cache key', cache.key ? h('pre', { class: 'key' }, cache.key) : '(not cacheable)'],
    request.refused
      ? ['refused by CloudFront', `[${request.refused.rule}] ${request.refused.status}`]
      : null,
    ['total', ms(request.totalMs)],
  ].filter(Boolean);
  return h(
    'section',
    { class: 'overview' },
    h(
      'dl',
      {},
      rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    ),
    request.notes.map((note) => h('p', { class: 'note' }, `⚠ [${note.rule}] ${note.message}`)),
  );
}

function headersTable(headers) {
  return h(
    'table',
    { class: 'headers' },
    h(
      'tbody',
      {},
      headers.map(([name, value]) => h('tr', {}, h('th', {}, name), h('td', {}, value))),
    ),
  );
}

function body(preview) {
  if (preview.bytes === 0) return h('p', { class: 'dim' }, 'No body.');
  const about = `${preview.bytes} bytes${preview.encoding === 'base64' ? ', binary or encoded: base64' : ''}${preview.truncated ? ', only the first part is kept' : ''}`;
  return h(
    'details',
    {},
    h('summary', {}, `Body (${about})`),
    h('pre', { class: 'body' }, preview.data),
  );
}

function originAnswer(step) {
  const { answer } = step;
  return h(
    'section',
    { class: 'origin-answer' },
    h(
      'h3',
      {},
      `Origin "${step.origin ?? ''}" answered ${answer.status} ${answer.statusDescription}`,
    ),
    headersTable(answer.headers),
    body(answer.body),
  );
}

function viewerResponse(request) {
  const { response } = request;
  if (!response) return null;
  return h(
    'section',
    { class: 'viewer-response' },
    h('h3', {}, `The viewer got ${response.status} ${response.statusText}`),
    headersTable(response.headers),
    body(response.body),
  );
}

function viewerRequest(request) {
  const { request: viewer } = request;
  return h(
    'section',
    { class: 'viewer-request' },
    h('h3', {}, `The viewer sent ${request.method} ${request.url}`),
    h(
      'p',
      { class: 'dim' },
      `from ${viewer.clientIp} over ${viewer.protocol}, HTTP/${viewer.httpVersion}${viewer.hasBody ? ', with a body' : ''}`,
    ),
    headersTable(viewer.headers),
  );
}

function truncatedNote(request) {
  if (request.truncated.length === 0) return null;
  return h(
    'p',
    { class: 'note' },
    `Kept only in part (the inspector bounds what it keeps): ${request.truncated.join(', ')}.`,
  );
}
