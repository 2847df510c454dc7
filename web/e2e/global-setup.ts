import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => ok(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`loket exited with ${child.exitCode} before it was ready:\n${log()}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`loket did not become ready at ${url} within ${ms} ms:\n${log()}`);
}

/**
 * Starts `${LOKET_BIN:-../target/debug/loket} serve` with the demo data on a fresh data dir,
 * serving web/dist, on a free port; exposes the URL as LOKET_E2E_URL; stops it afterwards.
 * Set LOKET_E2E_URL yourself to run the specs against a server that is already running.
 */
export default async function globalSetup() {
  if (process.env.LOKET_E2E_URL) return undefined;
  const bin = resolve(web, process.env.LOKET_BIN ?? '../target/debug/loket');
  if (!existsSync(bin)) throw new Error(`No loket binary at ${bin}: build it (cargo build -p loket) or set LOKET_BIN.`);
  // LOKET_E2E_DIST: a build elsewhere (`vite build --outDir …`), so two runs need not share web/dist.
  const dist = process.env.LOKET_E2E_DIST ? resolve(process.env.LOKET_E2E_DIST) : join(web, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`No built app in ${dist}: run \`npm run build\` first (\`npm run e2e\` does).`);
  const dataDir = mkdtempSync(join(tmpdir(), 'loket-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let out = '';
  const child = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      LOKET_DEMO: '1',
      LOKET_DATA_DIR: dataDir,
      LOKET_ADDR: `127.0.0.1:${port}`,
      LOKET_WEB_DIR: dist,
      LOKET_LOG: process.env.LOKET_LOG ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  await waitReady(url, child, () => out);
  process.env.LOKET_E2E_URL = url;
  return async () => {
    child.kill('SIGTERM');
    await new Promise<void>((r) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        r();
      }, 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        r();
      });
    });
    rmSync(dataDir, { recursive: true, force: true });
  };
}
