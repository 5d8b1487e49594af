// Renders one turn from its events: the user's message, thought (collapsible), tool calls
// with arguments, approvals and results, sub-agent runs nested under the call that
// delegated to them, the answer as Markdown, and the turn's usage and cost. Events are
// applied once each, in seq order, so a replay that overlaps what was shown adds nothing.
import { markdown } from './markdown.js';

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

const json = (value) => JSON.stringify(value, null, 2);

/** A Markdown block that re-renders at most once per frame while text streams in. */
class Answer {
  constructor(parent) {
    this.text = '';
    this.node = el('div', { class: 'answer markdown' });
    parent.append(this.node);
  }

  append(text) {
    this.text += text;
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => this.flush());
  }

  flush() {
    if (this.pending) cancelAnimationFrame(this.pending);
    this.pending = 0;
    this.node.innerHTML = markdown(this.text);
  }
}

/** The tool call element: name, arguments, then approval, sub-agent runs and result. */
export function toolElement(tool, callId, args) {
  const argsNode = el('pre', { class: 'args', text: json(args ?? {}) });
  const node = el('details', { class: 'tool-call', open: true, 'data-tool': tool, 'data-call-id': callId },
    el('summary', {}, el('span', { class: 'badge', text: 'tool' }), ' ', el('code', { text: tool }),
      el('span', { class: 'tool-status', text: ' running…' })),
    el('div', { class: 'label', text: 'Arguments' }), argsNode);
  return { node, argsNode, status: node.querySelector('.tool-status') };
}

export function showResult(tool, result, error, durationMs) {
  tool.result?.remove();
  tool.result = el('div', { class: error ? 'tool-result failed' : 'tool-result' },
    el('div', { class: 'label', text: error ? 'Error' : 'Result' }),
    el('pre', { text: typeof (error ?? result) === 'string' ? (error ?? result) : json(error ?? result) }));
  tool.node.append(tool.result);
  tool.status.textContent = error ? ' failed' : (durationMs !== undefined ? ` ${durationMs} ms` : ' done');
  tool.node.classList.toggle('failed', Boolean(error));
}

/** One agent's run inside a turn: the root agent's, or a sub-agent's under a call. */
class Run {
  constructor(parent) {
    this.node = parent;
    this.thoughts = new Map();
    this.answers = new Map();
  }

  thought(step, text) {
    let thought = this.thoughts.get(step);
    if (!thought) {
      const body = el('div', { class: 'thought-text' });
      const node = el('details', { class: 'thought', open: true }, el('summary', { text: 'Thought' }), body);
      this.node.append(node);
      thought = { node, body };
      this.thoughts.set(step, thought);
    }
    thought.body.textContent += text;
  }

  answer(step) {
    let answer = this.answers.get(step);
    if (!answer) {
      answer = new Answer(this.node);
      this.answers.set(step, answer);
    }
    return answer;
  }

  text() {
    return [...this.answers.values()].map((answer) => answer.text).join('');
  }
}

const TERMINAL = new Set(['done', 'error', 'cancelled']);

export class TurnView {
  /**
   * @param container where the turn is appended
   * @param options {turnId, onDecide(callId, decision, args) → Promise, onEvent(event),
   * attachments (the images sent with the message, when this page sent it)}
   */
  constructor(container, options) {
    this.options = options;
    this.turnId = options.turnId;
    this.events = [];
    this.seen = 0;
    this.tools = new Map();
    this.subRuns = new Map();
    this.node = el('article', { class: 'turn', 'data-turn-id': this.turnId, 'data-status': 'running',
      'aria-label': 'Turn' });
    this.body = el('div', { class: 'agent-run', 'aria-busy': 'true' });
    this.node.append(this.body);
    this.root = new Run(this.body);
    container.append(this.node);
  }

  get ended() { return TERMINAL.has(this.node.dataset.status); }

  apply(event) {
    if (event.seq <= this.seen) return false;
    this.seen = event.seq;
    this.events.push(event);
    const run = this.runOf(event);
    switch (event.type) {
      case 'turn_started':
        this.agentType = event.agentType;
        this.node.insertBefore(userMessage(event.message, event.attachments ?? this.options.attachments), this.body);
        break;
      case 'thought':
        run.thought(event.step, event.content ?? '');
        break;
      case 'response':
        run.answer(event.step).append(event.content ?? '');
        break;
      case 'tool_call':
        this.toolCall(run, event);
        break;
      case 'approval_required':
        this.approval(run, event);
        break;
      case 'tool_result': {
        const tool = this.tools.get(this.key(event.agent, event.callId));
        if (tool) {
          tool.approval?.remove();
          showResult(tool, event.result, event.error, event.durationMs);
        }
        break;
      }
      case 'done':
        if (!this.root.text() && event.response) this.root.answer(0).append(event.response);
        this.end('done', usageLine(event));
        break;
      case 'error':
        this.end('error', el('p', { class: 'turn-error', role: 'alert',
          text: `The turn failed (${event.code}): ${event.message}` }));
        break;
      case 'cancelled':
        this.end('cancelled', el('p', { class: 'turn-note', text: `Cancelled${event.reason ? ` (${event.reason})` : ''}.` }));
        break;
      default:
        break;
    }
    this.options.onEvent?.(event);
    return true;
  }

  end(status, footer) {
    for (const run of [this.root, ...this.subRuns.values()]) {
      for (const answer of run.answers.values()) answer.flush();
    }
    for (const tool of this.tools.values()) tool.approval?.remove();
    this.node.dataset.status = status;
    this.body.setAttribute('aria-busy', 'false');
    this.node.append(footer);
  }

  /** A path relative to the turn's root agent: '' for the root agent's own events. */
  path(agent) {
    if (!agent || agent === this.agentType) return '';
    return agent.startsWith(`${this.agentType}/`) ? agent.slice(this.agentType.length + 1) : agent;
  }

  key(agent, callId) { return `${this.path(agent)}|${callId}`; }

  /** The run an event belongs to: a sub-agent's (nested under its call) or the root's. */
  runOf(event) {
    const path = this.path(event.agent);
    if (!path) return this.root;
    let run = this.subRuns.get(path);
    if (!run) {
      const parentPath = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
      const parent = (event.parentCallId && (this.tools.get(`${parentPath}|${event.parentCallId}`)
        || [...this.tools.values()].find((tool) => tool.callId === event.parentCallId)));
      const name = path.slice(path.lastIndexOf('/') + 1);
      const box = el('div', { class: 'agent-run sub-agent', role: 'group', 'data-agent': event.agent,
        'aria-label': `Sub-agent ${name}` }, el('div', { class: 'sub-agent-title' },
        el('span', { class: 'badge', text: 'agent' }), ' ', el('code', { text: name })));
      if (parent) parent.node.insertBefore(box, parent.result ?? null);
      else this.body.append(box);
      run = new Run(box);
      this.subRuns.set(path, run);
    }
    return run;
  }

  toolCall(run, event) {
    const key = this.key(event.agent, event.callId);
    const known = this.tools.get(key);
    if (known) {
      known.argsNode.textContent = json(event.args ?? {});
      known.node.classList.add('edited');
      return;
    }
    const tool = { ...toolElement(event.tool, event.callId, event.args), callId: event.callId };
    this.tools.set(key, tool);
    run.node.append(tool.node);
  }

  approval(run, event) {
    const tool = this.tools.get(this.key(event.agent, event.callId));
    if (!tool || this.ended) return;
    const status = el('p', { class: 'approval-status', role: 'status' });
    const editor = el('textarea', { rows: 4, spellcheck: 'false', 'aria-label': `Arguments for ${event.tool} (JSON)` });
    editor.value = json(event.args ?? {});
    const buttons = [];
    const decide = async (decision, args) => {
      buttons.forEach((button) => { button.disabled = true; });
      status.textContent = 'Sending…';
      try {
        await this.options.onDecide(event.callId, decision, args);
        status.textContent = decision === 'reject' ? 'Rejected.' : decision === 'edit' ? 'Approved with edited arguments.' : 'Approved.';
      } catch (error) {
        status.textContent = `Could not ${decision}: ${error.message}`;
        buttons.forEach((button) => { button.disabled = false; });
      }
    };
    const editBox = el('div', { class: 'approval-edit', hidden: true }, editor);
    const sendEdit = el('button', { type: 'button', text: 'Run with these arguments', onclick: () => {
      let args;
      try { args = JSON.parse(editor.value); } catch { status.textContent = 'The arguments are not valid JSON.'; return; }
      if (!args || typeof args !== 'object' || Array.isArray(args)) { status.textContent = 'The arguments must be a JSON object.'; return; }
      decide('edit', args);
    } });
    editBox.append(sendEdit);
    buttons.push(
      el('button', { type: 'button', class: 'primary', text: 'Approve', onclick: () => decide('approve') }),
      el('button', { type: 'button', text: 'Reject', onclick: () => decide('reject') }),
      el('button', { type: 'button', text: 'Edit…', 'aria-expanded': 'false', onclick: (e) => {
        editBox.hidden = !editBox.hidden;
        e.currentTarget.setAttribute('aria-expanded', String(!editBox.hidden));
        if (!editBox.hidden) editor.focus();
      } }), sendEdit);
    const expires = event.expiresAt ? ` (until ${new Date(event.expiresAt).toLocaleTimeString()})` : '';
    tool.approval = el('div', { class: 'approval', role: 'group', 'aria-label': `Approval for ${event.tool}` },
      el('p', { text: `${event.tool} waits for your approval${expires}.` }),
      el('div', { class: 'buttons' }, ...buttons.slice(0, 3)), editBox, status);
    tool.status.textContent = ' waiting for approval';
    tool.node.append(tool.approval);
  }
}

export function userMessage(text, attachments) {
  const node = el('div', { class: 'message user' }, el('div', { class: 'who', text: 'You' }),
    el('div', { class: 'user-text', text: text ?? '' }));
  if (attachments && attachments.length) {
    node.append(el('div', { class: 'attachments-note' }, ...attachments.map((a) => (a.data
      ? el('img', { src: `data:${a.mediaType};base64,${a.data}`, alt: `Attached image (${a.mediaType})` })
      : el('span', { text: `🖼 ${a.mediaType || a.type || 'attachment'}` })))));
  }
  return node;
}

export function usageLine(event) {
  const usage = event.usage || {};
  const parts = [`${usage.inputTokens ?? 0} in`, `${usage.outputTokens ?? 0} out`];
  if (usage.reasoningTokens) parts.push(`${usage.reasoningTokens} reasoning`);
  const cost = event.cost ? ` · ${event.cost.amount} ${event.cost.currency}` : '';
  const time = event.durationMs !== undefined ? ` · ${(event.durationMs / 1000).toFixed(2)} s` : '';
  const steps = event.steps !== undefined ? ` · ${event.steps} step${event.steps === 1 ? '' : 's'}` : '';
  return el('p', { class: 'usage', 'data-usage': '' }, `Tokens: ${parts.join(' / ')}${cost}${time}${steps}`);
}

/** Past turns from the history: user messages open a turn; tool results join their call. */
export function renderHistory(container, messages) {
  let turn = null;
  let tools = new Map();
  for (const message of messages) {
    if (message.role === 'user' || !turn) {
      turn = el('article', { class: 'turn past', 'data-status': 'past', 'aria-label': 'Earlier turn' });
      container.append(turn);
      tools = new Map();
      if (message.role === 'user') {
        turn.append(userMessage(message.content, message.attachments));
        continue;
      }
    }
    if (message.role === 'assistant') {
      for (const call of message.toolCalls || []) {
        const tool = { ...toolElement(call.name, call.id, call.arguments), callId: call.id };
        tool.status.textContent = '';
        tools.set(call.id, tool);
        turn.append(tool.node);
      }
      if (message.content) {
        const answer = new Answer(turn);
        answer.append(message.content);
        answer.flush();
      }
      if (message.cancelled) turn.append(el('p', { class: 'turn-note', text: 'Cancelled.' }));
    }
    else if (message.role === 'tool') {
      const tool = tools.get(message.callId);
      if (tool) showResult(tool, parseMaybe(message.content), message.error ? message.content : undefined);
    }
  }
}

function parseMaybe(text) {
  try { return JSON.parse(text); } catch { return text; }
}
