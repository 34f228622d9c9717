// One trigger of a request: what it received, what it returned and what that changed, its
// console output, and for a failure the rule, CloudFront's status and the fix.
import { h } from './dom.js';

export function trigger(step) {
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
