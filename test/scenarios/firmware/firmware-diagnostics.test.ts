import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { startCsms, type Csms } from '../../../src/csms/index.ts';
import { startFtpFileServer, startHttpFileServer, sha256, type FtpFileServer, type HttpFileServer } from '../../../src/csms/file-server/index.ts';
import { createFleet, type Fleet, type FleetStation } from '../../../src/fleet/index.ts';
import { ScaledClock } from '../../../src/platform/index.ts';
import { buildEvlinkStation } from '../../../src/runtime/evlink-station.ts';
import { buildFirmwareImage } from '../../../src/station/firmware/firmware-image.ts';
import { waitFor } from '../../support/wait-for.ts';

let http: HttpFileServer, ftp: FtpFileServer;
before(async () => { http = await startHttpFileServer(); ftp = await startFtpFileServer(); });
after(async () => { await http.close(); await ftp.close(); });

async function rig(id: string, overrides: Record<string, string> = {}): Promise<{ csms: Csms; fleet: Fleet; m: FleetStation; clock: ScaledClock; statuses: (action: string) => string[]; done: () => Promise<void> }> {
  const clock = new ScaledClock({ scale: 100 });
  const csms = await startCsms({ tags: { EVLINK: 'Accepted' } });
  const fleet = createFleet({ csmsUrl: csms.url, clock, rebootDelayMs: 100, backoff: { initialMs: 50, maxMs: 100 }, build: buildEvlinkStation({ configOverrides: { AlignedDataInterval: '0', ...overrides } }) });
  const m = fleet.add({ id });
  await waitFor(() => m.station.registration === 'Accepted');
  const statuses = (action: string): string[] => csms.frames.filter((f) => f.direction === 'in').map((f) => JSON.parse(f.text) as unknown[]).filter((f) => f[2] === action).map((f) => (f[3] as { status: string }).status);
  return { csms, fleet, m, clock, statuses, done: async () => { await fleet.stop(); await csms.close(); clock.dispose(); } };
}
const soon = (clock: ScaledClock, s = 5) => new Date(clock.now() + s * 1000).toISOString();
const image = (version: string, models?: string[]) => buildFirmwareImage({ version, ...(models ? { models } : {}), payload: new TextEncoder().encode(`firmware ${version} `.repeat(2000)) });

test('OCPP 1.6 §5.19 UpdateFirmware over HTTP: Downloading, Downloaded, Installing, Installed, reboot, new version in BootNotification', async () => {
  const r = await rig('EVB-FW1');
  try {
    const url = http.host('fw-3.5.0.bin', await image('3.5.0', ['EVB3S22N4']));
    assert.deepEqual(await r.csms.call('EVB-FW1', 'UpdateFirmware', { location: url, retrieveDate: soon(r.clock) }), {});
    await waitFor(() => r.csms.station('EVB-FW1')?.boot?.firmwareVersion === '3.5.0', 10_000, 'boot with the new firmware');
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Downloading', 'Downloaded', 'Installing', 'Installed']);
    assert.equal(r.csms.station('EVB-FW1')?.bootCount, 2);
  } finally { await r.done(); }
});

test('OCPP 1.6 §5.19 UpdateFirmware over FTP with credentials in the URL', async () => {
  const r = await rig('EVB-FW2');
  try {
    await r.csms.call('EVB-FW2', 'UpdateFirmware', { location: ftp.host('fw-ftp.bin', await image('3.6.0')), retrieveDate: soon(r.clock) });
    await waitFor(() => r.csms.station('EVB-FW2')?.boot?.firmwareVersion === '3.6.0', 10_000, 'boot with the FTP firmware');
  } finally { await r.done(); }
});

test('a corrupt image, or one for another model, fails installation and the station keeps its firmware', async () => {
  const r = await rig('EVB-FW3');
  try {
    const bytes = await image('9.9.9');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    await r.csms.call('EVB-FW3', 'UpdateFirmware', { location: http.host('corrupt.bin', bytes), retrieveDate: soon(r.clock) });
    await waitFor(() => r.statuses('FirmwareStatusNotification').includes('InstallationFailed'), 10_000);
    await r.csms.call('EVB-FW3', 'UpdateFirmware', { location: http.host('other.bin', await image('9.9.8', ['EVB3S07N4EA'])), retrieveDate: soon(r.clock) });
    await waitFor(() => r.statuses('FirmwareStatusNotification').filter((s) => s === 'InstallationFailed').length === 2, 10_000);
    assert.equal(r.csms.station('EVB-FW3')?.bootCount, 1);
    assert.equal(r.m.station.context.identity.firmwareVersion, '3.4.0.12');
  } finally { await r.done(); }
});

test('download failures: 404 retried `retries` times every `retryInterval` s then DownloadFailed; unreachable host; wrong FTP credentials; transfer cut mid-way', async () => {
  const r = await rig('EVB-FW4');
  try {
    const t0 = r.clock.now();
    await r.csms.call('EVB-FW4', 'UpdateFirmware', { location: `${http.url}/missing/none.bin`, retrieveDate: soon(r.clock, 0), retries: 2, retryInterval: 30 });
    await waitFor(() => r.statuses('FirmwareStatusNotification').includes('DownloadFailed'), 10_000);
    assert.ok(r.clock.now() - t0 >= 60_000, 'two retries 30 s apart on the station clock');
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Downloading', 'DownloadFailed']);
    for (const location of ['http://127.0.0.1:1/fw.bin', ftp.url.replace(/:[^:@/]+@/, ':wrong@') + '/fw-ftp.bin', `${http.url}/cut/${encodeURIComponent('fw-3.5.0.bin')}`]) {
      const before = r.statuses('FirmwareStatusNotification').length;
      await r.csms.call('EVB-FW4', 'UpdateFirmware', { location, retrieveDate: soon(r.clock, 0) });
      await waitFor(() => r.statuses('FirmwareStatusNotification').slice(before).includes('DownloadFailed'), 10_000, location);
    }
  } finally { await r.done(); }
});

test('installation waits until the running transaction ends (as a real unit does)', async () => {
  const r = await rig('EVB-FW5', { AuthenticationOCPPMode: 'false' });
  try {
    r.m.station.context.controls.plugIn!(1);
    await waitFor(() => r.csms.ledger.forStation('EVB-FW5').length === 1);
    await r.csms.call('EVB-FW5', 'UpdateFirmware', { location: http.host('fw-wait.bin', await image('3.7.0')), retrieveDate: soon(r.clock, 0) });
    await waitFor(() => r.statuses('FirmwareStatusNotification').includes('Downloaded'), 10_000);
    await new Promise((res) => setTimeout(res, 300));
    assert.ok(!r.statuses('FirmwareStatusNotification').includes('Installing'), 'not while charging');
    r.m.station.context.controls.unplug!(1);
    await waitFor(() => r.csms.station('EVB-FW5')?.boot?.firmwareVersion === '3.7.0', 10_000);
    assert.equal(r.csms.ledger.forStation('EVB-FW5')[0]?.stop?.reason, 'EVDisconnected');
  } finally { await r.done(); }
});

test('a reset during the download abandons the update; TriggerMessage(FirmwareStatusNotification) then reports Idle', async () => {
  const r = await rig('EVB-FW6');
  try {
    await r.csms.call('EVB-FW6', 'UpdateFirmware', { location: http.host('late.bin', await image('4.0.0')), retrieveDate: soon(r.clock, 3600) });
    await r.csms.call('EVB-FW6', 'Reset', { type: 'Soft' });
    await waitFor(() => r.csms.station('EVB-FW6')?.bootCount === 2, 10_000);
    await r.clock.fastForward(3_700_000);
    assert.equal((await r.csms.call('EVB-FW6', 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' })).status, 'Accepted');
    await waitFor(() => r.statuses('FirmwareStatusNotification').length === 1);
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Idle']);
    assert.equal(r.m.station.context.identity.firmwareVersion, '3.4.0.12');
  } finally { await r.done(); }
});

test('OCPP 1.6 §5.9 GetDiagnostics over HTTP PUT and FTP: file name answered, bytes received, Uploading → Uploaded; compressDiagnostic gzips', async () => {
  const r = await rig('EVB-DG1');
  try {
    const conf = await r.csms.call('EVB-DG1', 'GetDiagnostics', { location: `${http.url}/diagnostics/` });
    assert.match(conf.fileName ?? '', /^diagnostics-EVB-DG1-.*\.log$/);
    await waitFor(() => http.received.some((f) => f.name === conf.fileName), 10_000);
    const got = http.received.find((f) => f.name === conf.fileName)!;
    assert.equal(got.sha256, sha256(got.bytes));
    assert.match(got.bytes.toString(), /BootNotification/);
    await waitFor(() => r.statuses('DiagnosticsStatusNotification').length === 2);
    assert.deepEqual(r.statuses('DiagnosticsStatusNotification'), ['Uploading', 'Uploaded']);
    await r.csms.call('EVB-DG1', 'ChangeConfiguration', { key: 'compressDiagnostic', value: 'true' });
    const gz = await r.csms.call('EVB-DG1', 'GetDiagnostics', { location: ftp.url + '/' });
    assert.match(gz.fileName ?? '', /\.log\.gz$/);
    await waitFor(() => ftp.received.some((f) => f.name === gz.fileName), 10_000);
    assert.match(gunzipSync(ftp.received.find((f) => f.name === gz.fileName)!.bytes).toString(), /GetDiagnostics/);
  } finally { await r.done(); }
});

test('GetDiagnostics: upload refused → retried, then UploadFailed; nothing in the time window → empty confirmation', async () => {
  const r = await rig('EVB-DG2');
  try {
    await r.csms.call('EVB-DG2', 'GetDiagnostics', { location: `${http.url}/refuse/`, retries: 1, retryInterval: 10 });
    await waitFor(() => r.statuses('DiagnosticsStatusNotification').includes('UploadFailed'), 10_000);
    assert.deepEqual(r.statuses('DiagnosticsStatusNotification'), ['Uploading', 'UploadFailed']);
    const none = await r.csms.call('EVB-DG2', 'GetDiagnostics', { location: `${http.url}/diagnostics/`, startTime: new Date(r.clock.now() + 86_400_000).toISOString() });
    assert.deepEqual(none, {});
  } finally { await r.done(); }
});
