// Drives the system Chromium: a page opens an EventSource on the browser chat route of a
// running agentserve, through a small proxy on the page's own origin that records every
// request (its Last-Event-ID and the status it got) and cuts the stream once the page has
// received `cutAfter` events, as a network failure would. The proxy also prefixes each
// stream with `retry: 200` so that the browser reconnects in 200 ms instead of its default
// 3 s. Prints {messages, requests, readyState} as JSON once the EventSource is CLOSED.
//
// usage: node eventsource-resume.mjs <appBaseUrl> <path?query> <cutAfter>
import http from 'node:http';
import { chromium } from 'playwright-core';

const [appBase, path, cutAfterArg] = process.argv.slice(2);
const app = new URL(appBase);
const cutAfter = Number(cutAfterArg);
const requests = [];
const streams = new Set();
let received = 0;
let cut = false;

const proxy = http.createServer((req, res) => {
  if (req.url === '/page.html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>agentserve EventSource test</title>');
    return;
  }
  if (req.url !== path) {
    res.writeHead(404).end();
    return;
  }
  const entry = { lastEventId: req.headers['last-event-id'] ?? null, status: null };
  requests.push(entry);
  const upstream = http.request(
    { host: app.hostname, port: app.port, path: req.url, method: req.method, headers: { ...req.headers, host: app.host } },
    (answer) => {
      entry.status = answer.statusCode;
      res.writeHead(answer.statusCode, answer.headers);
      if (answer.statusCode === 200 && String(answer.headers['content-type']).startsWith('text/event-stream')) {
        res.write('retry: 200\n\n');
      }
      const stream = { res, answer };
      streams.add(stream);
      answer.on('close', () => streams.delete(stream));
      answer.pipe(res);
    });
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
});
await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${proxy.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.exposeFunction('received', () => {
    received += 1;
    if (!cut && received >= cutAfter) {
      cut = true;
      for (const { res, answer } of streams) {
        res.socket?.destroy();
        answer.destroy();
      }
    }
  });
  await page.goto(`${origin}/page.html`);
  await page.evaluate((url) => {
    window.messages = [];
    window.source = new EventSource(url);
    window.source.onmessage = (event) => {
      window.messages.push({ data: event.data, lastEventId: event.lastEventId });
      window.received();
    };
  }, path);
  await page.waitForFunction(() => window.source.readyState === EventSource.CLOSED, null, { timeout: 30000 });
  const result = await page.evaluate(() => ({ messages: window.messages, readyState: window.source.readyState }));
  process.stdout.write(JSON.stringify({ ...result, requests }) + '\n');
}
finally {
  await browser.close();
  proxy.close();
  proxy.closeAllConnections?.();
}
