// One request in full: what matched, the cache, a waterfall of the pipeline, and for each
// trigger the event it received, what it returned (as a list of changes), its console output
// and, for a failure, the rule, CloudFront's status and the fix.
import { api, h, ms, replace, statusClass } from './dom.js';

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

/**
 * One row per step, each bar from when the step started to when it ended. Within a trigger's
 * bar the handler's own time (Lambda's Duration) is the darker end, and a cold start's init,
 * when it happened during this request, the part before it.
 */
function waterfall(request) {
  const span = Math.max(request.totalMs, ...request.steps.map((step) => step.endMs), 0.001);
  const percent = (value) => `${Math.min(100, Math.max(0, (value / span) * 100))}%`;
  return h(
    'section',
    { class: 'waterfall' },
    h('h3', {}, 'Pipeline'),
    request.steps.map((step) => {
      const wall = Math.max(step.endMs - step.startMs, 0.001);
      const share = (value) => `${Math.min(100, (value / wall) * 100)}%`;
      const initInside = step.initDurationMs !== undefined && step.initDurationMs <= wall;
      const failed = step.name === 'origin' ? step.status === 0 : step.result?.kind === 'error';
      return h(
        'div',
        { class: `step${failed ? ' failed' : ''}`, dataset: { step: step.name } },
        h('span', { class: 'label', title: stepLabel(step) }, stepLabel(step)),
        h(
          'span',
          { class: 'track' },
          h(
            'span',
            { class: 'bar', style: { left: percent(step.startMs), width: percent(wall) } },
            initInside
              ? h('span', { class: 'init', style: { width: share(step.initDurationMs) } })
              : null,
            step.name === 'origin'
              ? null
              : h('span', { class: 'handler', style: { width: share(step.durationMs) } }),
          ),
        ),
        h('span', { class: 'timing' }, stepTiming(step, wall, initInside)),
      );
    }),
  );
}

function stepLabel(step) {
  if (step.name === 'origin') {
    const answer =
      step.status === 0 ? `no answer${step.failure ? ` (${step.failure})` : ''}` : step.status;
    return `origin "${step.origin ?? ''}" → ${answer}${step.failedOver ? ' (failed over)' : ''}${step.errorPage ? ' (error page)' : ''}`;
  }
  return `${step.name} ${step.functionName}${step.errorPage ? ' (error page)' : ''}`;
}

function stepTiming(step, wall, initInside) {
  if (step.name === 'origin') {
    return [ms(step.durationMs), step.attempts > 1 ? `${step.attempts} attempts` : null]
      .filter(Boolean)
      .join(' · ');
  }
  const parts = [`${ms(wall)} in all`, `handler ${ms(step.durationMs)}`];
  if (step.initDurationMs !== undefined) {
    parts.push(
      initInside
        ? `cold start: init ${ms(step.initDurationMs)}`
        : `cold start: init ${ms(step.initDurationMs)}, done ahead at start-up`,
    );
  }
  if (step.memoryUsedMB !== undefined) parts.push(`${step.memoryUsedMB} MB`);
  return parts.join(' · ');
}

function trigger(step) {
  return h(
    'section',
    { class: 'trigger', dataset: { trigger: step.name } },
    h('h3', {}, step.name, h('span', { class: 'dim' }, ` ${step.functionName}`)),
    h('p', { class: 'outcome' }, outcomeSentence(step)),
    step.result?.kind === 'error' ? triggerFailure(step.result) : null,
    changes(step),
    step.logs.length
      ? h(
          'div',
          {},
          h('h4', {}, 'Console output'),
          h(
            'pre',
            { class: 'logs' },
            step.logs.map((line) => `${line.level}: ${line.message}\n`),
          ),
        )
      : h('p', { class: 'dim' }, 'No console output.'),
    step.warnings.map((warning) =>
      h('p', { class: 'note' }, `⚠ [${warning.rule}] ${warning.message} fix: ${warning.fix}`),
    ),
    json('Event received', step.event),
    step.result && step.result.kind !== 'error'
      ? json('Returned', step.result.request ?? step.result.response)
      : null,
  );
}

function outcomeSentence(step) {
  const { result } = step;
  if (!result) return '';
  if (result.kind === 'request') {
    return step.name === 'viewer-request'
      ? 'Forwarded the request to the cache.'
      : 'Forwarded the request to the origin.';
  }
  if (result.kind === 'response') {
    return result.generated
      ? `Answered instead of forwarding: ${result.response.status} (a generated response).`
      : `Returned the response: ${result.response.status}.`;
  }
  return `Failed: CloudFront answers ${result.status} ${result.errorType}.`;
}

function triggerFailure(result) {
  return h(
    'div',
    { class: 'failure', dataset: { rule: result.rule } },
    h(
      'p',
      {},
      h('code', { class: 'rule' }, `[${result.rule}]`),
      ` ${result.errorType}, status ${result.status}`,
    ),
    h('pre', { class: 'message' }, result.message),
    h('p', { class: 'fix' }, h('strong', {}, 'fix: '), result.fix),
  );
}

function changes(step) {
  if (!step.result || step.result.kind === 'error') return null;
  if (step.changes.length === 0)
    return h('p', { class: 'dim' }, 'Returned what it received, unchanged.');
  return h(
    'table',
    { class: 'changes' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, 'changed'), h('th', {}, 'received'), h('th', {}, 'returned')),
    ),
    h(
      'tbody',
      {},
      step.changes.map((change) =>
        h(
          'tr',
          {
            class:
              change.before === undefined
                ? 'added'
                : change.after === undefined
                  ? 'removed'
                  : 'changed',
          },
          h('td', {}, change.field),
          h(
            'td',
            {},
            change.before === undefined
              ? h('span', { class: 'dim' }, '(none)')
              : h('pre', {}, change.before),
          ),
          h(
            'td',
            {},
            change.after === undefined
              ? h('span', { class: 'dim' }, '(removed)')
              : h('pre', {}, change.after),
          ),
        ),
      ),
    ),
  );
}

function json(title, value) {
  if (value === undefined) return null;
  return h(
    'details',
    {},
    h('summary', {}, title),
    h('pre', { class: 'json' }, JSON.stringify(value, null, 2)),
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
