/**
 * Every shutdown completes within 2 s of SIGTERM, whatever the clock did (decision D11): `chargetwin demo`
 * as a child process, a session running, the clock fast-forwarded through the control API, then SIGTERM,
 * once after a jump and once in the middle of one. The 2 s are the functional deadline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function startDemo(): Promise<{ child: ChildProcess; api: string }> {
  const child = spawn(process.execPath, ['bin/chargetwin.js', 'demo', '--port', '0', '--api-port', '0', '--no-color'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const api = await new Promise<string>((resolve, reject) => {
    const seen = (d: Buffer): void => {
      text += String(d);
      const m = /control API on (http:\/\/[0-9.:]+)/.exec(text);
      if (m && /BootNotification Accepted/.test(text)) resolve(m[1]!);
    };
    child.stderr!.on('data', seen);
    child.stdout!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`demo exited early (${code}): ${text.slice(-500)}`)));
  });
  return { child, api };
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

async function withSession(api: string): Promise<void> {
  await post(api, '/api/stations/EVB-0001/connectors/1/plug', {});
  assert.deepEqual(await post(api, '/api/stations/EVB-0001/badge', { idTag: 'TAG-0001' }), { accepted: true });
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
