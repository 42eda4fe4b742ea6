import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ControlApiClient } from '../../../src/api-client/client.ts';
import { waitFor } from '../../support/wait-for.ts';

test('README: the firmware update `chargetwin demo` prints runs end to end through the control API (HTTP image), and its FTP server takes a diagnostics upload', async () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const child = spawn(process.execPath, ['bin/chargetwin.js', 'demo', '--port', '0', '--api-port', '0', '--no-color'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += String(d); });
  child.stderr.on('data', (d) => { out += String(d); });
  try {
    await waitFor(() => /BootNotification Accepted/.test(out) || child.exitCode !== null, 20_000, `demo ready; output:\n${out}`);
    const api = /control API on (http:\S+?)\/ /.exec(out)?.[1];
    const httpUpdate = /call (\S+) UpdateFirmware '(\{"location":"http:[^']+)'/.exec(out);
    const ftpUpdate = /UpdateFirmware '\{"location":"(ftp:\/\/[^"]+)"/.exec(out);
    const ftpDiagnostics = /GetDiagnostics '(\{"location":"ftp:[^']+)'/.exec(out);
    assert.ok(api && httpUpdate && ftpUpdate && ftpDiagnostics, `the demo prints the API, the HTTP and FTP image URLs and the commands:\n${out}`);
    const id = httpUpdate[1]!;
    const client = new ControlApiClient(api);
    await client.clock({ action: 'scale', scale: 100 });

    const diag = await client.csmsCall(id, 'GetDiagnostics', JSON.parse(ftpDiagnostics[1]!));
    assert.match((diag.confirmation as { fileName?: string }).fileName ?? '', /^diagnostics-/);
    const statuses = async (action: string): Promise<string[]> => (await client.frames(id, { action, direction: 'out' }) as Array<{ text: string; type: number }>)
      .filter((f) => f.type === 2).map((f) => (JSON.parse(f.text) as [number, string, string, { status: string }])[3].status);
    for (let i = 0; i < 200 && (await statuses('DiagnosticsStatusNotification')).length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(await statuses('DiagnosticsStatusNotification'), ['Uploading', 'Uploaded']);

    assert.deepEqual((await client.csmsCall(id, 'UpdateFirmware', JSON.parse(httpUpdate[2]!))).confirmation, {});
    for (let i = 0; i < 400 && (await client.station(id)).firmwareVersion !== '3.5.0'; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal((await client.station(id)).firmwareVersion, '3.5.0');
    assert.deepEqual(await statuses('FirmwareStatusNotification'), ['Downloading', 'Downloaded', 'Installing', 'Installed']);
  } finally {
    child.kill('SIGINT');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  }
});
