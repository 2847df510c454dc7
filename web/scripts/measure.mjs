// npm run measure: builds the app, reports the initial JS and CSS (the files index.html loads
// directly, gzipped) and the time from navigation to the ticket list being visible for a
// logged-in demo customer in headless chromium (median and max of RUNS runs) against
// ${LOKET_BIN:-../target/release/loket}.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(web, 'dist');
const RUNS = Number(process.env.RUNS ?? 10);
const bin = resolve(web, process.env.LOKET_BIN ?? '../target/release/loket');

execFileSync(join(web, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });

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
const server = spawn(bin, ['serve'], {
  env: { ...process.env, LOKET_DEMO: '1', LOKET_DATA_DIR: dataDir, LOKET_ADDR: `127.0.0.1:${port}`, LOKET_WEB_DIR: dist, LOKET_LOG: 'warn' },
  stdio: 'ignore',
});
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
  const times = [];
  for (let i = 0; i < RUNS + 1; i++) {
    await page.goto(`${url}/tickets`, { waitUntil: 'commit' });
    await page.getByRole('table').getByRole('link').first().waitFor({ state: 'visible' });
    // The app marks the first render of the list's rows; its time is from the navigation's start.
    const ms = await page.evaluate(async () => {
      const mark = () => performance.getEntriesByName('loket:ticket-list')[0];
      while (!mark()) await new Promise((r) => setTimeout(r, 10));
      return Math.round(mark().startTime);
    });
    if (i > 0) times.push(ms); // the first run warms the server's caches
  }
  await browser.close();
  times.sort((a, b) => a - b);
  const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log('\nInitial assets (loaded by index.html):');
  for (const r of rows) console.log(`  ${r.file.padEnd(40)} ${kb(r.raw).padStart(10)} raw ${kb(r.gzip).padStart(10)} gzip`);
  console.log('\n| what | figure |');
  console.log('| --- | --- |');
  console.log(`| initial JS, gzipped | ${kb(js)} |`);
  console.log(`| initial CSS, gzipped | ${kb(css)} |`);
  console.log(`| ticket list visible after navigation (median of ${times.length}) | ${median} ms |`);
  console.log(`| ticket list visible after navigation (max) | ${times[times.length - 1]} ms |`);
  console.log(`\nbinary: ${bin}; runs: ${times.join(', ')} ms`);
} finally {
  stop();
}
