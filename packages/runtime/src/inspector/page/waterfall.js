// The waterfall of one request: a row per step of the pipeline, placed in time.
import { h, ms } from './dom.js';

/**
 * One row per step, each bar from when the step started to when it ended. Within a trigger's
 * bar the handler's own time (Lambda's Duration) is the darker end, and a cold start's init,
 * when it happened during this request, the part before it.
 */
export function waterfall(request) {
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
