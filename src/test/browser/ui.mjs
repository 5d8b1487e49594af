// Drives the system Chromium through the chat UI of a running agentserve, one scenario per
// run, and prints what it saw as JSON for the Java test to check (UiIT, UiApiKeyIT,
// UiImageAttachIT). Screenshots go to <artifacts>/.
//
// usage: node ui.mjs <scenario> <appBaseUrl> <artifactsDir> [optionsJson]
//   chat       send "What is 12*(3+4)?", see the tool call and 84; the inspector's timeline;
//              a phone-width render
//   reload     reload mid-turn: the same turn goes on, nothing is shown twice
//   approve    approve a gated tool call ({agent})
//   edit       edit a gated tool call's arguments ({agent, args})
//   cancel     cancel a running turn with the Cancel button
//   apikey     enter the key ({key}) when the page asks, then chat
//   attach     attach a PNG and send it
//   nesting    sub-agent events (agent, parentCallId) rendered under their delegation call,
//              and an answer with HTML in it sanitised
import { mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const [scenario, base, artifacts, optionsJson] = process.argv.slice(2);
const options = optionsJson ? JSON.parse(optionsJson) : {};
mkdirSync(artifacts, { recursive: true });
const TIMEOUT = 30000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync'],
});
const errors = [];
const report = { scenario };
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`console: ${message.text()}`); });
  const scenarios = { chat, reload, approve, edit, cancel, apikey, attach, nesting };
  if (!scenarios[scenario]) throw new Error(`unknown scenario ${scenario}`);
  await scenarios[scenario](page, context);
  report.errors = errors;
  process.stdout.write(`${JSON.stringify(report)}\n`);
} finally {
  await browser.close();
}

async function open(page) {
  // The first page of a cold server on a busy machine may take a while.
  await page.goto(base, { timeout: 60000 });
  await page.waitForSelector('#agent option', { state: 'attached' });
}

async function newChat(page, agent) {
  await page.selectOption('#agent', agent);
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.waitForSelector('.session-open[aria-current="true"]');
}

async function send(page, text) {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.keyboard.press('Enter');
  // A turn shows up, or the page says why none started.
  await page.waitForSelector('.turn[data-turn-id], #notice:not(:empty)');
  const refused = await page.locator('#notice').innerText();
  if (refused && !(await page.locator('.turn[data-turn-id]').count())) throw new Error(`the page says: ${refused}`);
  return page.locator('.turn[data-turn-id]').last();
}

async function finished(turn) {
  await turn.locator('xpath=self::*[@data-status="done" or @data-status="error" or @data-status="cancelled"]').waitFor();
  return turn.getAttribute('data-status');
}

async function describeTurn(turn) {
  return {
    turnId: await turn.getAttribute('data-turn-id'),
    status: await turn.getAttribute('data-status'),
    user: await turn.locator('.message.user .user-text').allInnerTexts(),
    tools: await turn.locator('.tool-call').evaluateAll((nodes) => nodes.map((node) => ({
      tool: node.dataset.tool,
      args: node.querySelector('.args')?.textContent,
      result: node.querySelector('.tool-result pre')?.textContent ?? null,
    }))),
    thoughts: await turn.locator('.thought').count(),
    answer: (await turn.locator('.answer').allInnerTexts()).join(''),
    answerHtml: await turn.locator('.answer').evaluateAll((nodes) => nodes.map((node) => node.innerHTML).join('')),
    usage: await turn.locator('[data-usage]').allInnerTexts(),
  };
}

async function chat(page) {
  await open(page);
  await newChat(page, options.agent || 'assistant');
  const turn = await send(page, 'What is 12*(3+4)?');
  await finished(turn);
  report.turn = await describeTurn(turn);
  await page.getByRole('button', { name: 'Inspector' }).click();
  await page.getByRole('tab', { name: 'Turn' }).click();
  await page.waitForSelector('#inspector-panel[data-view="turn"] .timeline-step');
  await page.waitForSelector('#inspector-panel[data-view="turn"] table');
  report.timeline = await page.locator('.timeline-step').evaluateAll((nodes) => nodes.map((node) => ({
    type: node.dataset.stepType, label: node.querySelector('.step-label').textContent,
    width: node.querySelector('.bar').style.width,
  })));
  report.inspectedEvents = await page.locator('#inspector-panel tbody tr').count();
  await page.screenshot({ path: `${artifacts}/ui-inspector.png` });
  if (options.readmeScreenshot) await page.screenshot({ path: options.readmeScreenshot });
  for (const [name, selector] of [['Tools', 'td code'], ['Agents', 'td code'], ['Health', 'pre.json'], ['History', 'tbody tr']]) {
    await page.getByRole('tab', { name }).click();
    await page.waitForSelector(`#inspector-panel[data-view="${name.toLowerCase()}"] ${selector}`);
    report[`inspector${name}`] = (await page.locator('#inspector-panel').innerText()).slice(0, 2000);
  }
  await page.getByRole('button', { name: 'Inspector' }).click();
  await page.getByRole('button', { name: 'Inspector' }).focus();
  await page.screenshot({ path: `${artifacts}/ui.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(100);
  report.phone = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    composerVisible: (() => { const r = document.querySelector('#composer').getBoundingClientRect(); return r.bottom <= window.innerHeight && r.width > 0 && r.right <= window.innerWidth; })(),
    sessionsToggle: getComputedStyle(document.querySelector('#toggle-sessions')).display !== 'none',
  }));
  report.phoneAnswer = (await page.locator('.turn[data-turn-id] .answer').last().boundingBox());
  await page.screenshot({ path: `${artifacts}/ui-phone.png` });
}

async function reload(page) {
  await open(page);
  await newChat(page, options.agent || 'assistant');
  const message = options.message || 'What is 12*(3+4)?';
  const turn = await send(page, message);
  const turnId = await turn.getAttribute('data-turn-id');
  // Mid-turn: some of the answer or the thought has been shown, the turn still runs.
  await page.waitForFunction((id) => {
    const node = document.querySelector(`.turn[data-turn-id="${id}"]`);
    return node && node.dataset.status === 'running'
      && (node.querySelector('.thought-text, .answer')?.textContent.length ?? 0) > 5;
  }, turnId);
  report.before = await describeTurn(turn);
  report.requestsAfterReload = [];
  page.on('request', (request) => report.requestsAfterReload.push(`${request.method()} ${new URL(request.url()).pathname}`));
  await page.reload();
  const resumed = page.locator(`.turn[data-turn-id="${turnId}"]`);
  await resumed.waitFor();
  report.runningAfterReload = (await resumed.getAttribute('data-status')) === 'running';
  await finished(resumed);
  report.after = await describeTurn(resumed);
  report.turnsShown = await page.locator('.turn[data-turn-id]').count();
  report.userBubbles = await page.locator('.message.user', { hasText: message }).count();
}

async function approve(page) {
  await open(page);
  await newChat(page, options.agent);
  const turn = await send(page, 'go');
  const approval = turn.getByRole('group', { name: /Approval for/ });
  await approval.waitFor();
  report.approvalShown = true;
  await approval.getByRole('button', { name: 'Approve' }).click();
  await finished(turn);
  report.turn = await describeTurn(turn);
  report.approvalLeft = await turn.locator('.approval').count();
}

async function edit(page) {
  await open(page);
  await newChat(page, options.agent);
  const turn = await send(page, 'go');
  const approval = turn.getByRole('group', { name: /Approval for/ });
  await approval.getByRole('button', { name: 'Edit…' }).click();
  await approval.getByRole('textbox').fill(JSON.stringify(options.args));
  await approval.getByRole('button', { name: 'Run with these arguments' }).click();
  await finished(turn);
  report.turn = await describeTurn(turn);
}

async function apikey(page) {
  await page.goto(base, { timeout: 60000 });
  const dialog = page.getByRole('dialog', { name: 'API key' });
  await dialog.waitFor();
  report.asked = await dialog.locator('#key-reason').innerText();
  await dialog.getByLabel('API key').fill(options.key);
  // The 401 that made the page ask is logged by the browser; nothing else may be.
  report.refusedBeforeKey = errors.splice(0).filter((error) => !error.includes('status of 401'));
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.waitForSelector('#agent option', { state: 'attached' });
  await newChat(page, options.agent || 'assistant');
  const turn = await send(page, 'What is 12*(3+4)?');
  await finished(turn);
  report.turn = await describeTurn(turn);
  report.storedKey = await page.evaluate(() => localStorage.getItem('agentserve.apiKey') !== null);
  await page.reload();
  await page.waitForSelector('.turn.past');
  report.dialogAfterReload = await dialog.isVisible();
}

/** A w×h RGB PNG, written here so the test needs no image file. */
function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buffer) => {
    let c = 0xffffffff;
    for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4); length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0); header.writeUInt32BE(height, 4);
  header[8] = 8; header[9] = 2;
  const rows = Buffer.alloc((width * 3 + 1) * height, 0x7f);
  for (let y = 0; y < height; y++) rows[y * (width * 3 + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

async function attach(page) {
  await open(page);
  await newChat(page, options.agent || 'assistant');
  const image = png(options.width || 3, options.height || 2);
  await page.setInputFiles('#attach', { name: 'dot.png', mimeType: 'image/png', buffer: image });
  await page.getByRole('button', { name: 'Remove dot.png' }).waitFor();
  const posted = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/chat'));
  const turn = await send(page, options.message || 'What is in this image?');
  const body = JSON.parse((await posted).postData());
  report.sent = { message: body.message, attachments: (body.attachments || []).map((a) => ({
    type: a.type, mediaType: a.mediaType, sameBytes: a.data === image.toString('base64') })) };
  report.bubbleImages = await turn.locator('.message.user img').count();
  await finished(turn);
  report.turn = await describeTurn(turn);
  report.notice = await page.locator('#notice').innerText();
}

async function nesting(page) {
  await open(page);
  report.view = await page.evaluate(async () => {
    const { TurnView } = await import('/ui/turn.js');
    const box = document.createElement('div');
    document.body.append(box);
    const view = new TurnView(box, { turnId: 't1', onDecide: async () => {} });
    const child = { agent: 'assistant/researcher', parentCallId: 'call_1' };
    const events = [
      { type: 'turn_started', agentType: 'assistant', message: 'Ask the researcher: 12*(3+4)' },
      { type: 'tool_call', step: 1, callId: 'call_1', tool: 'agent__researcher', args: { task: '12*(3+4)' } },
      { type: 'thought', step: 1, content: 'I will calculate.', ...child },
      { type: 'tool_call', step: 1, callId: 'call_1', tool: 'calculator', args: { expression: '12*(3+4)' }, ...child },
      { type: 'tool_result', step: 1, callId: 'call_1', tool: 'calculator', result: { result: 84 }, durationMs: 1, ...child },
      { type: 'response', step: 2, content: '84', ...child },
      { type: 'tool_result', step: 1, callId: 'call_1', tool: 'agent__researcher', result: '84', durationMs: 9 },
      { type: 'response', step: 2, content: 'The researcher says **84**. <svg onload="window.pwned=1"></svg><a href="javascript:window.pwned=1">x</a>' },
      { type: 'done', response: 'The researcher says **84**.', steps: 2, usage: { inputTokens: 1, outputTokens: 2 }, durationMs: 20 },
    ].map((event, index) => ({ sessionId: 's', turnId: 't1', seq: index + 1, ts: new Date().toISOString(), ...event }));
    const applied = events.map((event) => view.apply(event));
    const again = view.apply(events[5]);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const delegation = box.querySelector('.tool-call[data-tool="agent__researcher"]');
    const sub = delegation?.querySelector(':scope > .sub-agent[data-agent="assistant/researcher"]');
    return {
      applied, again,
      nested: Boolean(sub),
      subTool: sub?.querySelector('.tool-call[data-tool="calculator"] .tool-result pre')?.textContent ?? null,
      subThought: sub?.querySelector('.thought-text')?.textContent ?? null,
      subAnswer: sub?.querySelector('.answer')?.textContent ?? null,
      resultAfterSub: Boolean(sub && delegation.querySelector(':scope > .tool-result')
        && (sub.compareDocumentPosition(delegation.querySelector(':scope > .tool-result')) & Node.DOCUMENT_POSITION_FOLLOWING)),
      rootAnswerHtml: box.querySelector('.turn > .agent-run > .answer')?.innerHTML ?? null,
      rootCalls: box.querySelectorAll('.turn > .agent-run > .tool-call').length,
      pwned: window.pwned ?? null,
      status: box.querySelector('.turn').dataset.status,
    };
  });
  // What the page's Content-Security-Policy refused is reported apart: a second wall.
  report.refusedByPolicy = errors.filter((error) => error.includes('Content Security Policy')).length;
  errors.splice(0, errors.length, ...errors.filter((error) => !error.includes('Content Security Policy')));
}

async function cancel(page) {
  await open(page);
  await newChat(page, options.agent || 'assistant');
  const turn = await send(page, 'What is 12*(3+4)?');
  await turn.locator('.thought').waitFor();
  report.cancelEnabled = await page.getByRole('button', { name: 'Cancel turn' }).isEnabled();
  await page.getByRole('button', { name: 'Cancel turn' }).click();
  report.status = await finished(turn);
  report.note = await turn.locator('.turn-note').innerText();
  report.cancelEnabledAfter = await page.getByRole('button', { name: 'Cancel turn' }).isEnabled();
  report.sendEnabledAfter = await page.getByRole('button', { name: 'Send' }).isEnabled();
}
