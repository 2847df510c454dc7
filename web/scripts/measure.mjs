// npm run measure: builds the app, reports the initial JS and CSS (the files index.html loads
// directly, gzipped) and, in headless chromium against ${LOKET_BIN:-../target/release/loket}
// (median and max of RUNS runs): the time from navigation to the ticket list being visible for
// a logged-in demo customer, the same for the agent queue's first page (jan.agent), and the
// time from a customer's POST /tickets answer to the ticket showing in an open queue (live
// update: SSE event, invalidation, refetch, render; LIVE_RUNS creates, 0.7 s apart).
// TICKETS=1000000 first seeds that many generated tickets (`loket seed-demo --tickets`);
// MEASURE_DIST builds into another folder than web/dist; LOAD=16 runs the live measurement
// under the benchmark's create load (wrk, bench/create_ticket.lua, 16 connections creating
// tickets all the while); DATABASE_URL=postgres://… measures on PostgreSQL, or on a SQLite
// file seeded beforehand (`loket seed-demo --tickets N` with the same DATABASE_URL, TICKETS unset).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.env.MEASURE_DIST ? resolve(process.env.MEASURE_DIST) : join(web, 'dist');
const RUNS = Number(process.env.RUNS ?? 10);
const LIVE_RUNS = Number(process.env.LIVE_RUNS ?? 20);
const TICKETS = Number(process.env.TICKETS ?? 0);
const LOAD = Number(process.env.LOAD ?? 0);
const bin = resolve(web, process.env.LOKET_BIN ?? '../target/release/loket');

execFileSync(join(web, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn', '--outDir', dist, '--emptyOutDir'], { cwd: web, stdio: 'inherit' });

// Initial assets: what index.html loads itself (script, modulepreload, stylesheet).
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
let js = 0;
let css = 0;
const rows = [];
for (const ref of new Set(refs)) {
  const bytes = readFileSync(join(dist, ref));
  const gz = gzipSync(bytes, { level: 9 }).length;
  if (ref.endsWith('.js')) js += gz;
  else if (ref.endsWith('.css')) css += gz;
  rows.push({ file: ref, raw: bytes.length, gzip: gz });
}

async function freePort() {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

if (!existsSync(bin)) {
  console.error(`No loket binary at ${bin} (cargo build --release -p loket, or set LOKET_BIN).`);
  process.exit(1);
}
const dataDir = mkdtempSync(join(tmpdir(), 'loket-measure-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const serverEnv = { ...process.env, LOKET_DEMO: '1', LOKET_DATA_DIR: dataDir, LOKET_ADDR: `127.0.0.1:${port}`, LOKET_WEB_DIR: dist, LOKET_LOG: 'warn' };
if (TICKETS > 0) execFileSync(bin, ['seed-demo', '--tickets', String(TICKETS)], { env: serverEnv, stdio: ['ignore', 'ignore', 'inherit'] });
const server = spawn(bin, ['serve'], { env: serverEnv, stdio: 'ignore' });
const stop = () => {
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
};
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not yet */
    }
    if (i > 300) throw new Error('loket did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // Log in once through the UI: the refresh cookie then restores the login on every load.
  await page.goto(`${url}/login`);
  await page.getByLabel(/^(E-mail address|E-mailadres)$/).fill('tom.claes@bakkerij-peeters.example');
  await page.getByLabel(/^(Password|Wachtwoord)$/).fill('loket-demo-2026');
  await page.getByRole('button', { name: /^(Log in|Aanmelden)$/ }).click();
  await page.getByRole('table').waitFor();
  /** Median and max of the runs after the first (which warms the server's caches). */
  const stats = (all) => {
    const t = all.slice(1).sort((a, b) => a - b);
    const median = t.length % 2 ? t[(t.length - 1) / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
    return { median, max: t[t.length - 1], p99: t[Math.min(t.length - 1, Math.ceil(t.length * 0.99) - 1)], runs: t };
  };
  /** Loads `path` RUNS + 1 times; the app's performance mark `mark` gives the time from the navigation's start. */
  const timePage = async (p, path, mark) => {
    const all = [];
    for (let i = 0; i < RUNS + 1; i++) {
      await p.goto(`${url}${path}`, { waitUntil: 'commit' });
      await p.getByRole('table').getByRole('link').first().waitFor({ state: 'visible' });
      all.push(
        await p.evaluate(async (name) => {
          const entry = () => performance.getEntriesByName(name)[0];
          while (!entry()) await new Promise((r) => setTimeout(r, 10));
          return Math.round(entry().startTime);
        }, mark),
      );
    }
    return stats(all);
  };
  const list = await timePage(page, '/tickets', 'loket:ticket-list');

  // The agent queue, for jan.agent, in a context of its own.
  const agentContext = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  const queuePage = await agentContext.newPage();
  await queuePage.goto(`${url}/login`);
  await queuePage.getByLabel(/^(E-mail address|E-mailadres)$/).fill('jan.agent@loket.example');
  await queuePage.getByLabel(/^(Password|Wachtwoord)$/).fill('loket-demo-2026');
  await queuePage.getByRole('button', { name: /^(Log in|Aanmelden)$/ }).click();
  await queuePage.getByRole('table').waitFor();
  const queue = await timePage(queuePage, '/console', 'loket:queue');

  // Live: a customer files a ticket through the API; how long until the open queue shows it.
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'tom.claes@bakkerij-peeters.example', password: 'loket-demo-2026' }),
  });
  const { access_token: token } = await login.json();
  const word = `live${Date.now().toString(36)}`;
  // Filtered on the run's word, so each new ticket is on the first page whatever else there is.
  await queuePage.goto(`${url}/console?q=${word}`);
  await queuePage.getByRole('status').filter({ hasText: /^Live$/ }).waitFor();
  const live = [];
  // The benchmark's create load beside the measured creates: every one of those is an event
  // the open queue hears too (and coalesces), as on a busy day.
  const load =
    LOAD > 0
      ? spawn('wrk', ['-t2', `-c${LOAD}`, '-d600s', '-s', join(web, '..', 'bench', 'create_ticket.lua'), `${url}/api/v1/tickets`], {
          env: { ...process.env, LOKET_TOKEN: token },
          stdio: 'ignore',
        })
      : null;
  if (load) await new Promise((r) => setTimeout(r, 2000));
  for (let i = 0; i < LIVE_RUNS + 1; i++) {
    // One change at a time, apart: the client refetches at most every 500 ms under a burst.
    await new Promise((r) => setTimeout(r, 700));
    const subject = `Measure ${word} ${i}`;
    const seen = queuePage.waitForFunction((s) => [...globalThis.document.querySelectorAll('table a')].some((a) => a.textContent === s), subject, { polling: 'raf', timeout: 30_000 });
    const res = await fetch(`${url}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ subject, description: `Measuring ${word}.` }),
    });
    if (!res.ok) throw new Error(`create failed: ${res.status} ${await res.text()}`);
    const answered = Date.now();
    await seen;
    live.push(Date.now() - answered);
  }
  load?.kill('SIGTERM');
  const liveStats = stats(live);
  await browser.close();

  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log('\nInitial assets (loaded by index.html):');
  for (const r of rows) console.log(`  ${r.file.padEnd(40)} ${kb(r.raw).padStart(10)} raw ${kb(r.gzip).padStart(10)} gzip`);
  console.log('\n| what | figure |');
  console.log('| --- | --- |');
  console.log(`| initial JS, gzipped | ${kb(js)} |`);
  console.log(`| initial CSS, gzipped | ${kb(css)} |`);
  console.log(`| ticket list visible after navigation (median / max of ${list.runs.length}) | ${list.median} ms / ${list.max} ms |`);
  console.log(`| queue's first page visible after navigation (median / max of ${queue.runs.length}) | ${queue.median} ms / ${queue.max} ms |`);
  console.log(`| new ticket shown in an open queue after its POST answered (median / p99 / max of ${liveStats.runs.length}) | ${liveStats.median} ms / ${liveStats.p99} ms / ${liveStats.max} ms |`);
  console.log(`\nbinary: ${bin}; generated tickets: ${TICKETS}; database: ${process.env.DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}; create load: ${LOAD} connections`);
  console.log(`ticket list runs: ${list.runs.join(', ')} ms`);
  console.log(`queue runs: ${queue.runs.join(', ')} ms`);
  console.log(`live runs: ${liveStats.runs.join(', ')} ms`);
} finally {
  stop();
}
