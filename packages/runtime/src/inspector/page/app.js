// The inspector's page: the list of requests, kept live through the server's event stream,
// and the request picked in it (detail.js). The address says which one: #/requests/<id>.
import { showDetail } from './detail.js';
import { api, h, ms, replace, statusClass } from './dom.js';

/** The server keeps this many; the page shows no more. */
const MAX_ROWS = 200;

const state = {
  /** Summaries, newest first, as the API lists them. */
  requests: [],
  /** Requests streamed while the list is being read, oldest first. */
  streamedDuringLoad: undefined,
  selected: undefined,
  stream: undefined,
};

const $ = (id) => document.getElementById(id);

function filterQuery() {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData($('filters'))) if (value) query.set(name, value);
  return query.toString();
}

/** Reads the list once the stream is open, so that nothing answered in between is missed. */
async function loadList() {
  const query = filterQuery();
  const streamed = [];
  state.streamedDuringLoad = streamed;
  try {
    const { requests } = await api(`api/requests${query ? `?${query}` : ''}`);
    const listed = new Set(requests.map((request) => request.id));
    const newer = streamed.filter((request) => !listed.has(request.id)).reverse();
    state.requests = [...newer, ...requests].slice(0, MAX_ROWS);
    renderList();
  } finally {
    if (state.streamedDuringLoad === streamed) state.streamedDuringLoad = undefined;
  }
}

function renderList() {
  replace($('requests'), state.requests.map(row));
  $('empty').hidden = state.requests.length > 0;
}

function row(request) {
  const triggers = request.triggers.map((trigger) =>
    h(
      'span',
      { class: `chip${trigger.failed ? ' failed' : ''}`, title: trigger.functionName },
      trigger.name,
    ),
  );
  return h(
    'tr',
    {
      dataset: { id: request.id },
      class: request.id === state.selected ? 'selected' : undefined,
      onclick: () => {
        location.hash = `#/requests/${encodeURIComponent(request.id)}`;
      },
    },
    h('td', { class: 'dim' }, new Date(request.time).toLocaleTimeString([], { hour12: false })),
    h('td', {}, request.method),
    h(
      'td',
      { class: 'path', title: request.url },
      request.url,
      request.replayOf ? h('span', { class: 'dim' }, ' (replay)') : null,
    ),
    h('td', { class: `status ${statusClass(request.status)}` }, request.status),
    h(
      'td',
      { class: 'cache' },
      request.cacheResult,
      request.rule ? h('span', { class: 'rule' }, ` [${request.rule}]`) : null,
    ),
    h('td', { class: 'triggers' }, triggers),
    h('td', { class: 'num' }, ms(request.totalMs)),
  );
}

/** New requests as they are answered; the list is read again after a reconnect. */
function openStream() {
  state.stream?.close();
  const query = filterQuery();
  const stream = new EventSource(`api/events${query ? `?${query}` : ''}`);
  state.stream = stream;
  stream.addEventListener('open', () => {
    setLive('live', 'live');
    // First, and after a restart of the server: what it keeps is all there is.
    void loadList().catch(showError);
  });
  stream.addEventListener('error', () => setLive('reconnecting', 'reconnecting…'));
  stream.addEventListener('request', (event) => {
    const request = JSON.parse(event.data);
    state.streamedDuringLoad?.push(request);
    state.requests = [request, ...state.requests.filter((r) => r.id !== request.id)].slice(
      0,
      MAX_ROWS,
    );
    renderList();
  });
  stream.addEventListener('purge', (event) => {
    const { purged, paths } = JSON.parse(event.data);
    notify(
      `cache purged: ${purged} object${purged === 1 ? '' : 's'}${paths ? ` (${paths.join(', ')})` : ''}`,
    );
  });
}

function setLive(stateName, text) {
  $('live').dataset.state = stateName;
  $('live').textContent = text;
}

let noticeTimer;
function notify(text) {
  $('notice').textContent = text;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => {
    $('notice').textContent = '';
  }, 5000);
}

function showError(error) {
  notify(error.message);
}

async function purge(paths) {
  const query = paths ? `?${paths.map((p) => `path=${encodeURIComponent(p)}`).join('&')}` : '';
  const { purged } = await api(`purge${query}`, { method: 'POST' });
  notify(`cache purged: ${purged} object${purged === 1 ? '' : 's'}`);
}

async function replay(id) {
  const { id: replayed } = await api(`api/requests/${encodeURIComponent(id)}/replay`, {
    method: 'POST',
  });
  location.hash = `#/requests/${encodeURIComponent(replayed)}`;
}

function route() {
  const match = /^#\/requests\/(.+)$/.exec(location.hash);
  state.selected = match ? decodeURIComponent(match[1]) : undefined;
  for (const tr of $('requests').children)
    tr.classList.toggle('selected', tr.dataset.id === state.selected);
  if (!state.selected) return;
  void showDetail($('detail'), state.selected, {
    replay: (id) => replay(id).catch(showError),
    purge: (path) => purge([path]).catch(showError),
  });
}

function start() {
  // A new stream with the new filter (once typing pauses); its `open` reads the list again.
  let typing;
  $('filters').addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(openStream, 200);
  });
  $('filters').addEventListener('submit', (event) => event.preventDefault());
  $('purge-all').addEventListener('click', () => void purge().catch(showError));
  window.addEventListener('hashchange', route);
  openStream();
  route();
}

start();
