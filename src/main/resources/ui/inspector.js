// The inspector: a turn's timeline (its model rounds and tool calls from the turn's steps,
// and its events with their times), the session's history, the tools with their status,
// the agent types with their configuration, and the service's health.
import { api, auth } from './api.js';
import { el } from './turn.js';

const json = (value) => JSON.stringify(value, null, 2);
const MAX_EVENTS = 1000;

function table(caption, columns, rows) {
  return el('table', {}, el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, ...columns.map((column) => el('th', { scope: 'col', text: column })))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map((cell) => el('td', {}, cell))))));
}

/** The events of an ended turn, read from its replay (the stream ends after its last event). */
async function replay(sessionId, turnId) {
  const headers = { Accept: 'text/event-stream' };
  if (auth.key) headers.Authorization = `Bearer ${auth.key}`;
  const response = await fetch(`/sessions/${encodeURIComponent(sessionId)}/turns/${encodeURIComponent(turnId)}/events`, { headers });
  if (!response.ok) return [];
  const text = await response.text();
  return text.split('\n').filter((line) => line.startsWith('data:')).map((line) => JSON.parse(line.slice(5)));
}

function summary(event) {
  switch (event.type) {
    case 'thought': case 'response': return event.content;
    case 'tool_call': case 'approval_required': return `${event.tool} ${JSON.stringify(event.args)}`;
    case 'tool_result': return `${event.tool}: ${JSON.stringify(event.error ?? event.result)}`;
    case 'turn_started': return event.message;
    case 'done': return event.response;
    case 'error': return `${event.code}: ${event.message}`;
    case 'cancelled': return event.reason ?? '';
    default: return '';
  }
}

export class Inspector {
  /**
   * @param root the inspector's element
   * @param state {sessionId(), turns() → [turnId newest first], liveEvents(turnId) → events|null}
   */
  constructor(root, state) {
    this.root = root;
    this.state = state;
    this.panel = root.querySelector('[role=tabpanel]');
    this.tabs = [...root.querySelectorAll('[role=tab]')];
    this.tabs.forEach((tab, index) => {
      tab.addEventListener('click', () => this.select(tab));
      tab.addEventListener('keydown', (event) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!step) return;
        const next = this.tabs[(index + step + this.tabs.length) % this.tabs.length];
        next.focus();
        this.select(next);
      });
    });
    this.current = this.tabs[0];
  }

  select(tab) {
    this.tabs.forEach((other) => {
      other.setAttribute('aria-selected', String(other === tab));
      other.tabIndex = other === tab ? 0 : -1;
    });
    this.current = tab;
    this.panel.setAttribute('aria-labelledby', tab.id);
    return this.refresh();
  }

  async refresh(turnId) {
    if (this.root.hidden) return;
    const view = this.current.dataset.view;
    const content = el('div');
    try {
      if (view === 'turn') await this.turn(content, turnId);
      else if (view === 'history') await this.history(content);
      else if (view === 'tools') this.tools(content, await api.tools());
      else if (view === 'agents') this.agents(content, await api.agents());
      else if (view === 'health') content.append(el('pre', { class: 'json', text: json(await api.health()) }));
    } catch (error) {
      content.append(el('p', { role: 'alert', text: error.message }));
    }
    this.panel.replaceChildren(content);
    this.panel.dataset.view = view;
  }

  async turn(content, chosen) {
    const sessionId = this.state.sessionId();
    const turns = this.state.turns();
    if (!sessionId || !turns.length) {
      content.append(el('p', { text: 'No turn of this session was run in this browser yet.' }));
      return;
    }
    const turnId = chosen && turns.includes(chosen) ? chosen : (this.turnId && turns.includes(this.turnId) ? this.turnId : turns[0]);
    this.turnId = turnId;
    const select = el('select', { id: 'inspect-turn', onchange: () => { this.turnId = select.value; this.refresh(); } },
      ...turns.map((id, index) => el('option', { value: id, selected: id === turnId, text: `${index === 0 ? 'latest' : `#${turns.length - index}`} · ${id.slice(0, 8)}` })));
    content.append(el('label', { for: 'inspect-turn', text: 'Turn ' }), select);
    const info = await api.turn(sessionId, turnId);
    const usage = info.usage || {};
    content.append(el('p', { class: 'turn-facts', 'data-turn-status': info.status },
      `Status ${info.status}`, info.durationMs !== undefined ? ` · ${info.durationMs} ms` : '',
      ` · tokens ${usage.inputTokens ?? 0} in / ${usage.outputTokens ?? 0} out`,
      info.cost ? ` · ${info.cost.amount} ${info.cost.currency}` : '',
      info.error ? ` · ${info.error.code}: ${info.error.message}` : '',
      info.traceId ? ` · trace ${info.traceId}` : ''));
    content.append(this.timeline(info));
    const events = this.state.liveEvents(turnId) ?? (info.status === 'running' ? [] : await replay(sessionId, turnId));
    if (events.length) {
      const start = Date.parse(events[0].ts);
      const shown = events.slice(0, MAX_EVENTS);
      const caption = events.length > shown.length ? `Events (the first ${shown.length} of ${events.length})` : 'Events';
      content.append(table(caption, ['seq', '+ms', 'type', 'agent', 'detail'], shown.map((event) => [
        String(event.seq), String(Date.parse(event.ts) - start), event.type, event.agent ?? '',
        el('span', { class: 'clip', text: summary(event) ?? '' })])));
    }
  }

  timeline(info) {
    const steps = info.steps || [];
    if (!steps.length) {
      return el('p', { text: info.status === 'running' ? 'The steps are written when the turn ends.' : 'No steps recorded.' });
    }
    const start = Date.parse(info.startedAt);
    const total = Math.max(1, info.durationMs ?? Math.max(...steps.map((s) => Date.parse(s.startedAt) - start + s.durationMs)));
    const list = el('ol', { class: 'timeline', 'aria-label': 'Timeline of the turn' });
    for (const step of steps) {
      const offset = Date.parse(step.startedAt) - start;
      const label = step.type === 'model' ? `model round ${step.step}` : `${step.tool} (step ${step.step})`;
      const detail = step.type === 'model'
        ? `${step.durationMs} ms${step.firstTokenMs != null ? `, first token ${step.firstTokenMs} ms` : ''}, ${step.inputTokens} in / ${step.outputTokens} out, ${step.finishReason}`
        : `${step.durationMs} ms, ${step.outcome}${step.attempts > 1 ? `, ${step.attempts} attempts` : ''}`;
      const bar = el('span', { class: `bar ${step.type}`, 'aria-hidden': 'true' });
      bar.style.left = `${(100 * offset) / total}%`;
      bar.style.width = `${Math.max(0.5, (100 * step.durationMs) / total)}%`;
      list.append(el('li', { class: 'timeline-step', 'data-step-type': step.type },
        el('span', { class: 'step-label', text: `${label} · +${offset} ms · ${detail}` }),
        el('span', { class: 'track' }, bar)));
    }
    return list;
  }

  async history(content) {
    const sessionId = this.state.sessionId();
    if (!sessionId) {
      content.append(el('p', { text: 'No session selected.' }));
      return;
    }
    const messages = await api.history(sessionId);
    content.append(table(`History (${messages.length} messages)`, ['role', 'content'], messages.map((message) => [
      message.role, el('pre', { class: 'clip', text: message.content || json(message.toolCalls ?? {}) })])));
  }

  tools(content, tools) {
    content.append(table('Tools', ['tool', 'status', 'calls', 'errors', 'avg ms', 'description'], tools.map((tool) => [
      el('code', { text: tool.name }), el('span', { class: `status ${tool.status}`, text: tool.status }),
      String(tool.calls), String(tool.errors), tool.avgLatencyMs.toFixed(1), tool.description])));
  }

  agents(content, agents) {
    content.append(table('Agents', ['agent', 'model', 'max steps', 'timeout', 'tools', 'configuration'], agents.map((agent) => [
      el('code', { text: agent.name }), agent.model, String(agent.maxSteps), `${agent.turnTimeoutSeconds} s`,
      (agent.tools || []).join(', '), el('details', {}, el('summary', { text: 'JSON' }), el('pre', { text: json(agent) }))])));
  }
}
