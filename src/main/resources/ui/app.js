// The chat UI: agent types and sessions, sending a message, following the turn live, and
// picking a running turn up again after a reload (its id is kept in local storage, and its
// events are replayed from the first one into an empty view, so nothing is shown twice).
import { api, auth, ApiError, follow, startTurn } from './api.js';
import { el, renderHistory, TurnView } from './turn.js';
import { Inspector } from './inspector.js';

const $ = (selector) => document.querySelector(selector);
const store = {
  get session() { return localStorage.getItem('agentserve.session'); },
  set session(id) { id ? localStorage.setItem('agentserve.session', id) : localStorage.removeItem('agentserve.session'); },
  running: (sid) => localStorage.getItem(`agentserve.running.${sid}`),
  setRunning: (sid, turnId) => (turnId ? localStorage.setItem(`agentserve.running.${sid}`, turnId)
    : localStorage.removeItem(`agentserve.running.${sid}`)),
  turns: (sid) => JSON.parse(localStorage.getItem(`agentserve.turns.${sid}`) || '[]'),
  addTurn(sid, turnId) {
    const turns = [turnId, ...store.turns(sid).filter((id) => id !== turnId)].slice(0, 50);
    localStorage.setItem(`agentserve.turns.${sid}`, JSON.stringify(turns));
  },
};

const state = { agents: [], sessions: [], sessionId: null, active: null, views: new Map(), attachments: [] };
const MAX_VIEWS = 20;
const log = $('#log');
const notice = (text) => { $('#notice').textContent = text || ''; };

const inspector = new Inspector($('#inspector'), {
  sessionId: () => state.sessionId,
  turns: () => (state.sessionId ? store.turns(state.sessionId) : []),
  liveEvents: (turnId) => state.views.get(turnId)?.events ?? null,
});

function setBusy(busy) {
  $('#cancel').disabled = !busy;
  $('#send').disabled = busy;
  $('#composer').dataset.busy = String(busy);
}

function nearBottom() {
  return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
}

async function loadAgents() {
  state.agents = await api.agents();
  const select = $('#agent');
  const previous = select.value;
  select.replaceChildren(...state.agents.map((agent) => el('option', { value: agent.name, text: agent.name })));
  if (previous && state.agents.some((agent) => agent.name === previous)) select.value = previous;
  describeAgent();
}

function describeAgent() {
  const agent = state.agents.find((candidate) => candidate.name === $('#agent').value);
  $('#agent-description').textContent = agent ? `${agent.description || ''} Model: ${agent.model}.` : '';
}

async function loadSessions() {
  state.sessions = await api.sessions();
  $('#session-list').replaceChildren(...state.sessions.map((session) => {
    const open = el('button', { type: 'button', class: 'session-open', 'data-session-id': session.sessionId,
      'aria-current': session.sessionId === state.sessionId ? 'true' : null, onclick: () => openSession(session.sessionId) },
    el('span', { class: 'session-agent', text: session.agentType }),
    el('span', { class: 'session-meta', text: `${session.messageCount} messages · ${new Date(session.lastActive).toLocaleString()}` }));
    const remove = el('button', { type: 'button', class: 'session-delete', 'aria-label': `Delete session ${session.sessionId.slice(0, 8)}`,
      text: '✕', onclick: () => deleteSession(session.sessionId) });
    return el('li', {}, open, remove);
  }));
}

async function deleteSession(sessionId) {
  if (!confirm('Delete this session and its history?')) return;
  await api.deleteSession(sessionId).catch((error) => notice(error.message));
  if (sessionId === state.sessionId) {
    stopFollowing();
    state.sessionId = null;
    store.session = null;
    log.replaceChildren();
    $('#session-title').textContent = '';
  }
  await loadSessions();
}

function stopFollowing() {
  state.active?.handle.close();
  state.active = null;
  setBusy(false);
}

async function openSession(sessionId) {
  stopFollowing();
  state.sessionId = sessionId;
  store.session = sessionId;
  const session = state.sessions.find((candidate) => candidate.sessionId === sessionId);
  $('#session-title').textContent = session ? `${session.agentType} · session ${sessionId.slice(0, 8)}` : `session ${sessionId.slice(0, 8)}`;
  document.querySelectorAll('.session-open').forEach((button) => {
    if (button.dataset.sessionId === sessionId) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  });
  log.replaceChildren();
  notice('');
  let messages = await api.history(sessionId);
  const running = store.running(sessionId);
  let resume = null;
  if (running) {
    // The last turn started here, and not seen to its end: shown from its own events
    // (live if it still runs), in place of its part of the history.
    const info = await api.turn(sessionId, running).catch(() => null);
    if (info) {
      resume = running;
      const lastUser = messages.map((message) => message.role).lastIndexOf('user');
      if (lastUser >= 0) messages = messages.slice(0, lastUser);
    }
    else {
      store.setRunning(sessionId, null);
    }
  }
  if (sessionId !== state.sessionId) return;
  renderHistory(log, messages);
  if (resume) watch(resume);
  log.scrollTop = log.scrollHeight;
  inspector.refresh();
}

/** Shows a turn from its first event, live until its terminal event. */
function watch(turnId, attachments) {
  const sessionId = state.sessionId;
  const view = new TurnView(log, {
    turnId,
    attachments,
    onDecide: (callId, decision, args) => api.decide(sessionId, turnId, args ? { callId, decision, args } : { callId, decision }),
  });
  state.views.set(turnId, view);
  if (state.views.size > MAX_VIEWS) state.views.delete(state.views.keys().next().value);
  setBusy(true);
  const handle = follow(sessionId, turnId, 0, (event) => {
    const stick = nearBottom();
    view.apply(event);
    if (stick) log.scrollTop = log.scrollHeight;
    if (view.ended) ended(sessionId, turnId);
  }, (error) => {
    notice(`Lost the turn's events: ${error.message}. Reload to try again.`);
    setBusy(false);
  });
  state.active = { turnId, handle, view };
}

function ended(sessionId, turnId) {
  store.setRunning(sessionId, null);
  if (state.active?.turnId === turnId) {
    state.active = null;
    setBusy(false);
  }
  loadSessions().catch(() => {});
  inspector.refresh(turnId);
}

async function send(event) {
  event.preventDefault();
  const text = $('#message').value.trim();
  if (!text || state.active) return;
  notice('');
  setBusy(true);
  try {
    if (!state.sessionId) {
      const created = await api.createSession($('#agent').value);
      await loadSessions();
      await openSession(created.sessionId);
    }
    const sessionId = state.sessionId;
    const attachments = state.attachments.map(({ type, mediaType, data }) => ({ type, mediaType, data }));
    const turnId = await startTurn(sessionId, text, attachments);
    store.setRunning(sessionId, turnId);
    store.addTurn(sessionId, turnId);
    $('#message').value = '';
    state.attachments = [];
    renderAttachments();
    watch(turnId, attachments);
  } catch (error) {
    setBusy(false);
    if (error instanceof ApiError && error.status === 409 && error.problem?.turnId) {
      notice('A turn is already running in this session; showing it.');
      store.setRunning(state.sessionId, error.problem.turnId);
      store.addTurn(state.sessionId, error.problem.turnId);
      await openSession(state.sessionId);
    }
    else {
      notice(`Not sent: ${error.message}`);
    }
  }
}

async function cancel() {
  if (!state.sessionId) return;
  $('#cancel').disabled = true;
  try {
    await api.cancel(state.sessionId);
    notice('Cancelling…');
  } catch (error) {
    notice(`Could not cancel: ${error.message}`);
    $('#cancel').disabled = !state.active;
  }
}

function renderAttachments() {
  $('#attachments').replaceChildren(...state.attachments.map((attachment, index) => el('li', { class: 'chip' },
    el('img', { src: `data:${attachment.mediaType};base64,${attachment.data}`, alt: attachment.name }),
    el('span', { text: attachment.name }),
    el('button', { type: 'button', 'aria-label': `Remove ${attachment.name}`, text: '✕', onclick: () => {
      state.attachments.splice(index, 1);
      renderAttachments();
    } }))));
}

function attach(files) {
  for (const file of files) {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      state.attachments.push({ type: 'image', mediaType: file.type, data: url.slice(url.indexOf(',') + 1), name: file.name });
      renderAttachments();
    };
    reader.readAsDataURL(file);
  }
}

function openKeyDialog(reason) {
  const dialog = $('#key-dialog');
  if (reason) $('#key-reason').textContent = reason;
  $('#key').value = auth.key;
  if (!dialog.open) dialog.showModal();
}

async function start() {
  try {
    await loadAgents();
    await loadSessions();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) notice(error.message);
    return;
  }
  const stored = store.session;
  if (stored && state.sessions.some((session) => session.sessionId === stored)) await openSession(stored);
  else store.session = null;
}

function toggle(button, target, onShow) {
  const show = button.getAttribute('aria-expanded') !== 'true';
  button.setAttribute('aria-expanded', String(show));
  target.hidden = !show;
  target.classList.toggle('shown', show);
  if (show) onShow?.();
}

auth.onUnauthorized = () => openKeyDialog(auth.key
  ? 'The service refused this API key. Enter a valid one.'
  : 'This service needs an API key. It is kept in this browser only (local storage).');

$('#composer').addEventListener('submit', send);
$('#message').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $('#composer').requestSubmit();
  }
});
$('#cancel').addEventListener('click', cancel);
$('#attach').addEventListener('change', (event) => {
  attach(event.target.files);
  event.target.value = '';
});
$('#attach-label').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    $('#attach').click();
  }
});
$('#agent').addEventListener('change', describeAgent);
$('#new-session').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const created = await api.createSession($('#agent').value);
    await loadSessions();
    await openSession(created.sessionId);
    $('#message').focus();
  } catch (error) {
    notice(`Could not create the session: ${error.message}`);
  }
});
$('#open-key').addEventListener('click', () => openKeyDialog());
$('#key-dialog').addEventListener('close', () => {
  const choice = $('#key-dialog').returnValue;
  if (choice === 'save') auth.key = $('#key').value.trim();
  else if (choice === 'forget') auth.key = '';
  if (choice === 'save' || choice === 'forget') start();
});
$('#toggle-inspector').addEventListener('click', (event) => toggle(event.currentTarget, $('#inspector'), () => inspector.refresh()));
$('#refresh-inspector').addEventListener('click', () => inspector.refresh());
$('#toggle-sessions').addEventListener('click', (event) => {
  const show = event.currentTarget.getAttribute('aria-expanded') !== 'true';
  event.currentTarget.setAttribute('aria-expanded', String(show));
  $('#sessions').classList.toggle('shown', show);
});

start();
