/**
 * Every shutdown completes within 2 s of SIGTERM, whatever the clock did (decision D11): `chargetwin demo`
 * (and `chargetwin station` against `chargetwin csms`) as child processes, a session running, the clock
 * fast-forwarded through the control API, then SIGTERM, after a jump and in the middle of one. The 2 s
 * are the functional deadline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Starts `chargetwin <args>` and resolves once `ready` matches its output, with the match's first group. */
async function startChild(args: string[], ready: RegExp): Promise<{ child: ChildProcess; found: string }> {
  const child = spawn(process.execPath, ['bin/chargetwin.js', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const found = await new Promise<string>((resolve, reject) => {
    const seen = (d: Buffer): void => {
      text += String(d);
      const m = ready.exec(text);
      if (m) resolve(m[1]!);
    };
    child.stderr!.on('data', seen);
    child.stdout!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`${args[0]} exited early (${code}): ${text.slice(-500)}`)));
  });
  return { child, found };
}

async function startDemo(): Promise<{ child: ChildProcess; api: string }> {
  const { child, found } = await startChild(['demo', '--port', '0', '--api-port', '0', '--no-color'], /control API on (http:\/\/[0-9.:]+)[^]*BootNotification Accepted/);
  return { child, api: found };
}

const post = async (api: string, path: string, body: unknown): Promise<unknown> => {
  const res = await fetch(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.json();
};

/** Sends SIGTERM and resolves with how it ended, or 'still running' when it has not exited 2 s later. */
function terminate(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    const late = setTimeout(() => { resolve('still running 2 s after SIGTERM'); child.kill('SIGKILL'); }, 2000);
    child.once('exit', (code, signal) => { clearTimeout(late); resolve(`exit ${code ?? signal}`); });
    child.kill('SIGTERM');
  });
}

async function withSession(api: string, id = 'EVB-0001'): Promise<void> {
  await post(api, `/api/stations/${id}/connectors/1/plug`, {});
  assert.deepEqual(await post(api, `/api/stations/${id}/badge`, { idTag: 'TAG-0001' }), { accepted: true });
}

test('shutdown after a jump: SIGTERM after a fast-forward of a day with a session running exits within 2 s', { timeout: 120_000 }, async () => {
  const { child, api } = await startDemo();
  try {
    await withSession(api);
    const state = await post(api, '/api/clock', { action: 'fast-forward', seconds: 86_400 }) as { now: number };
    assert.equal(typeof state.now, 'number');
    assert.equal(await terminate(child), 'exit 0');
  } finally { child.kill('SIGKILL'); }
});

test('shutdown during a jump: SIGTERM while a fast-forward of a week is running exits within 2 s', { timeout: 120_000 }, async () => {
  const { child, api } = await startDemo();
  try {
    await withSession(api);
    const jump = post(api, '/api/clock', { action: 'fast-forward', seconds: 7 * 86_400 }).catch(() => 'connection closed by the shutdown');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await terminate(child), 'exit 0');
    await jump;
  } finally { child.kill('SIGKILL'); }
});

test('shutdown during a jump, `chargetwin station` with its SQLite state against `chargetwin csms`: SIGTERM exits 0 within 2 s (no answer read after the store closed)', { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chargetwin-shutdown-'));
  const csms = await startChild(['csms', '--port', '0'], /listening on (ws:\/\/[0-9.:]+\/ocpp)/);
  try {
    const { child, found: api } = await startChild(['station', '--csms', csms.found, '--id', 'EVB-S', '--api-port', '0', '--data-dir', dataDir], /control API on (http:\/\/[0-9.:]+)[^]*BootNotification Accepted/);
    try {
      await withSession(api, 'EVB-S');
      const jump = post(api, '/api/clock', { action: 'fast-forward', seconds: 7 * 86_400 }).catch(() => 'connection closed by the shutdown');
      await new Promise((r) => setTimeout(r, 3000));
      assert.equal(await terminate(child), 'exit 0');
      await jump;
    } finally { child.kill('SIGKILL'); }
  } finally {
    csms.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
