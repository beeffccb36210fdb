import { test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A running `assessbridge demo`, served on 127.0.0.1 for the browser. */
export interface Demo {
  url: string;
  stop: () => Promise<void>;
  log: () => string;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** Starts the demo binary (ASSESSBRIDGE_BIN, default ../bin/assessbridge) with extra flags. */
export async function startDemo(...flags: string[]): Promise<Demo> {
  const port = await freePort();
  return start(['demo', '--no-window', '--listen', `127.0.0.1:${port}`], port, flags, '/api/status');
}

/** A running `assessbridge serve` with nothing connected, and its data folder. */
export interface Serve extends Demo {
  dataDir: string;
}

/**
 * Starts `assessbridge serve` on loopback with no accounts and an own public
 * address, so it calls nothing outside this machine. No admin token is given:
 * serve makes its own and keeps it in the data folder.
 */
export async function startServe(): Promise<Serve> {
  const port = await freePort();
  const hooks = await freePort();
  const args = ['serve', '--listen', `127.0.0.1:${port}`, '--webhook-listen', `127.0.0.1:${hooks}`, '--public-url', 'https://hooks.example.com'];
  return start(args, port, [], '/login');
}

async function start(args: string[], port: number, flags: string[], readyPath: string): Promise<Serve> {
  const bin = process.env.ASSESSBRIDGE_BIN ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/assessbridge');
  const dataDir = mkdtempSync(join(tmpdir(), 'assessbridge-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ASSESSBRIDGE_QUICK_TUNNEL_SERVICE: 'http://127.0.0.1:9', ASSESSBRIDGE_SECRETS: 'file' };
  delete env.ASSESSBRIDGE_ADMIN_TOKEN;
  delete env.LEVER_API_KEY;
  delete env.QUALIFIED_API_KEY;
  const child: ChildProcess = spawn(bin, [...args, '--data-dir', dataDir, ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // A quick tunnel started in a test talks to a closed local port, never to Cloudflare.
    env,
  });
  let output = '';
  child.stdout?.on('data', (b) => (output += b));
  child.stderr?.on('data', (b) => (output += b));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`assessbridge ${args[0]} exited early:\n${output}`);
    try {
      const res = await fetch(`${url}${readyPath}`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`assessbridge ${args[0]} did not answer within 30s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts an assessbridge before a spec file's tests and stops it after them; the function it
 * returns gives it to the tests. Each file has its own, so no test sees what another file did.
 */
export function forThisFile<T extends Demo>(start: () => Promise<T>): () => T {
  let running: T | undefined;
  test.beforeAll(async () => {
    running = await start();
  });
  test.afterAll(async () => {
    await running?.stop();
  });
  return () => {
    if (!running) throw new Error('assessbridge did not start for this file');
    return running;
  };
}
