// The service's HTTP API as the UI uses it: JSON calls with the API key (when one is kept
// in this browser), turn starts, and EventSource follows authenticated with stream tickets.
const KEY = 'agentserve.apiKey';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export const auth = {
  get key() { return localStorage.getItem(KEY) || ''; },
  set key(value) { value ? localStorage.setItem(KEY, value) : localStorage.removeItem(KEY); },
  onUnauthorized: () => {},
};

function headers(extra = {}) {
  const all = { ...extra };
  if (auth.key) all.Authorization = `Bearer ${auth.key}`;
  return all;
}

async function failure(response) {
  let problem = null;
  try { problem = await response.json(); } catch { /* not JSON */ }
  if (response.status === 401) auth.onUnauthorized();
  return new ApiError(response.status, problem);
}

export async function call(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (!response.ok) throw await failure(response);
  return response.status === 204 ? null : response.json();
}

const enc = encodeURIComponent;

export const api = {
  agents: () => call('GET', '/agents').then((body) => body.agents),
  tools: () => call('GET', '/tools').then((body) => body.tools),
  health: () => call('GET', '/health/detailed'),
  sessions: () => call('GET', '/sessions').then((body) => body.sessions),
  createSession: (agentType) => call('POST', '/sessions', { agentType }),
  deleteSession: (id) => call('DELETE', `/sessions/${enc(id)}`),
  history: (id) => call('GET', `/sessions/${enc(id)}/history?limit=200`).then((body) => body.messages),
  turn: (id, turnId) => call('GET', `/sessions/${enc(id)}/turns/${enc(turnId)}`),
  cancel: (id) => call('POST', `/sessions/${enc(id)}/cancel`),
  decide: (id, turnId, decision) => call('POST', `/sessions/${enc(id)}/turns/${enc(turnId)}/approvals`, decision),
};

/**
 * Starts a turn and answers its id. The turn runs detached from this request, so the
 * stream is dropped as soon as its id is known and the turn is followed with
 * {@link follow}, which is also how a reloaded page picks it up again.
 */
export async function startTurn(sessionId, message, attachments) {
  const body = { message };
  if (attachments && attachments.length) body.attachments = attachments;
  const response = await fetch(`/sessions/${enc(sessionId)}/chat`, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response);
  const turnId = response.headers.get('X-Turn-Id');
  response.body?.cancel().catch(() => {});
  if (!turnId) throw new ApiError(response.status, { detail: 'The service did not name the turn it started' });
  return turnId;
}

/** A ticket for one EventSource when a key is in use; none in open mode. */
async function ticket() {
  if (!auth.key) return null;
  return (await call('POST', '/stream-tickets')).ticket;
}

const TERMINAL = new Set(['done', 'error', 'cancelled']);

/**
 * Follows a turn's events with an EventSource, from after `after`. The EventSource
 * reconnects by itself (with Last-Event-ID) after a dropped connection; when it gives up
 * (a refused ticket, a restart) before the terminal event, a new one is opened after the
 * last event seen, a few times.
 */
export function follow(sessionId, turnId, after, onEvent, onGiveUp) {
  let last = after;
  let source = null;
  let closed = false;
  let retries = 0;
  const open = async () => {
    let url = `/sessions/${enc(sessionId)}/turns/${enc(turnId)}/events?after=${last}`;
    try {
      const t = await ticket();
      if (t) url += `&ticket=${enc(t)}`;
    } catch (error) {
      closed = true;
      onGiveUp(error);
      return;
    }
    if (closed) return;
    source = new EventSource(url);
    source.onmessage = (message) => {
      const event = JSON.parse(message.data);
      retries = 0;
      last = Math.max(last, event.seq);
      onEvent(event);
      if (TERMINAL.has(event.type)) handle.close();
    };
    source.onerror = () => {
      if (closed || source.readyState !== EventSource.CLOSED) return;
      if (++retries > 5) {
        closed = true;
        onGiveUp(new Error('The event stream could not be followed'));
        return;
      }
      setTimeout(open, 500 * retries);
    };
  };
  const handle = { close() { closed = true; source?.close(); } };
  open();
  return handle;
}
