// Small helpers the inspector's page is built with. Everything a request brings (paths,
// headers, bodies, console output) is set as text, never as HTML.

/**
 * An element: h('td', { class: 'status', dataset: { id } }, 'text', child, ...).
 * Children may be strings, numbers, elements, or null/false (left out); arrays are flattened.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'style') Object.assign(element.style, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's content. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/** `1.2 ms`, `41 ms`, `1.3 s`. */
export function ms(value) {
  if (value === undefined || value === null) return '';
  if (value >= 1000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 10) return `${Math.round(value)} ms`;
  return `${value.toFixed(1)} ms`;
}

/** The class a status is shown with: ok, redirect, client-error, server-error. */
export function statusClass(status) {
  if (status >= 500) return 'server-error';
  if (status >= 400) return 'client-error';
  if (status >= 300) return 'redirect';
  return 'ok';
}

/** Fetches JSON; a non-2xx answer throws its `error` and `fix`. */
export async function api(path, init = {}) {
  const response = await fetch(path, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = [body.error ?? `${response.status} ${response.statusText}`, body.fix]
      .filter(Boolean)
      .join(' ');
    throw new Error(message);
  }
  return body;
}
