import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../support/wait-for.ts';
import { at, image, rig } from './firmware-rig.ts';

test('OCPP 1.6 §5.19 UpdateFirmware over HTTP: Downloading, Downloaded, Installing, Installed, reboot, new version in BootNotification', async () => {
  const r = await rig('EVB-FW1');
  try {
    const bytes = await image('3.5.0', ['EVB3S22N4']);
    const url = r.http.host('fw-3.5.0.bin', bytes);
    assert.deepEqual(await r.csms.call(r.id, 'UpdateFirmware', { location: url, retrieveDate: at(r.clock, 5) }), {});
    await waitFor(() => r.csms.station(r.id)?.boot?.firmwareVersion === '3.5.0', 10_000, 'boot with the new firmware');
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Downloading', 'Downloaded', 'Installing', 'Installed']);
    assert.equal(r.csms.station(r.id)?.bootCount, 2);
    assert.deepEqual(r.http.requests.map((q) => [q.method, q.path, q.outcome]), [['GET', '/firmware/fw-3.5.0.bin', 200]]);
  } finally { await r.done(); }
});

test('OCPP 1.6 §5.19 UpdateFirmware over FTP with credentials in the URL', async () => {
  const r = await rig('EVB-FW2', { ftp: true });
  try {
    await r.csms.call(r.id, 'UpdateFirmware', { location: r.ftp!.host('fw-ftp.bin', await image('3.6.0')), retrieveDate: at(r.clock, 5) });
    await waitFor(() => r.csms.station(r.id)?.boot?.firmwareVersion === '3.6.0', 10_000, 'boot with the FTP firmware');
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Downloading', 'Downloaded', 'Installing', 'Installed']);
    assert.deepEqual(r.ftp!.requests.map((q) => [q.method, q.path]), [['RETR', '/fw-ftp.bin']]);
  } finally { await r.done(); }
});

test('a corrupt image, or one for another model, fails installation and the station keeps its firmware', async () => {
  const r = await rig('EVB-FW3');
  try {
    const bytes = await image('9.9.9');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    await r.csms.call(r.id, 'UpdateFirmware', { location: r.http.host('corrupt.bin', bytes), retrieveDate: at(r.clock) });
    await waitFor(() => r.statuses('FirmwareStatusNotification').length === 4, 10_000);
    await r.csms.call(r.id, 'UpdateFirmware', { location: r.http.host('other.bin', await image('9.9.8', ['EVB3S07N4EA'])), retrieveDate: at(r.clock) });
    await waitFor(() => r.statuses('FirmwareStatusNotification').length === 8, 10_000);
    const once = ['Downloading', 'Downloaded', 'Installing', 'InstallationFailed'];
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), [...once, ...once]);
    assert.equal(r.csms.station(r.id)?.bootCount, 1);
    assert.equal(r.m.station.context.identity.firmwareVersion, '3.4.0.12');
  } finally { await r.done(); }
});

test('UpdateFirmware retries: 404 tried 1 + `retries` times, `retryInterval` s apart on the station clock (counted at the server), reporting Downloading once, then DownloadFailed', async () => {
  const r = await rig('EVB-FW4');
  try {
    r.clock.pause();
    const t0 = r.clock.now();
    await r.csms.call(r.id, 'UpdateFirmware', { location: `${r.http.url}/missing/none.bin`, retrieveDate: at(r.clock), retries: 2, retryInterval: 30 });
    for (let attempt = 1; attempt <= 3; attempt++) {
      await r.clock.fastForward(attempt === 1 ? 0 : 30_000);
      await r.settled(attempt);
      assert.equal(r.http.requests.length, attempt, `attempt ${attempt} reached the server, and no other`);
    }
    await r.clock.fastForward(120_000);
    await waitFor(() => r.statuses('FirmwareStatusNotification').length === 2, 5000);
    assert.deepEqual(r.http.requests.map((q) => [q.method, q.path, q.outcome, q.at - t0]), [
      ['GET', '/missing/none.bin', 404, 0], ['GET', '/missing/none.bin', 404, 30_000], ['GET', '/missing/none.bin', 404, 60_000],
    ]);
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Downloading', 'DownloadFailed']);
    assert.deepEqual(r.attempts.map((a) => a.error), ['TWIN_ERR_TRANSFER_NOT_FOUND', 'TWIN_ERR_TRANSFER_NOT_FOUND', 'TWIN_ERR_TRANSFER_NOT_FOUND']);
  } finally { await r.done(); }
});

test('download failures, each with its full status sequence: unreachable host, wrong FTP credentials, HTTP transfer cut mid-way, FTP transfer cut mid-way (retried once)', async () => {
  const r = await rig('EVB-FW5', { ftp: true });
  try {
    const fw = await image('3.5.1');
    r.http.host('fw-cut.bin', fw);
    const cases: Array<[string, string, number]> = [
      ['http://127.0.0.1:1/fw.bin', 'TWIN_ERR_TRANSFER_UNREACHABLE', 0],
      [r.ftp!.host('fw-ftp.bin', fw).replace(/:[^:@/]+@/, ':wrong@'), 'TWIN_ERR_TRANSFER_AUTH', 0],
      [`${r.http.url}/cut/fw-cut.bin`, 'TWIN_ERR_TRANSFER_INTERRUPTED', 0],
      [r.ftp!.host('cut-fw.bin', fw), 'TWIN_ERR_TRANSFER_INTERRUPTED', 1],
    ];
    for (const [location, code, retries] of cases) {
      const before = r.statuses('FirmwareStatusNotification').length;
      const tried = r.attempts.length;
      await r.csms.call(r.id, 'UpdateFirmware', { location, retrieveDate: at(r.clock), retries, retryInterval: 1 });
      await waitFor(() => r.statuses('FirmwareStatusNotification').length === before + 2, 10_000, location);
      assert.deepEqual(r.statuses('FirmwareStatusNotification').slice(before), ['Downloading', 'DownloadFailed'], location);
      assert.deepEqual(r.attempts.slice(tried).map((a) => a.error), Array(1 + retries).fill(code), location);
    }
    assert.deepEqual(r.http.requests.map((q) => [q.path, q.outcome]), [['/cut/fw-cut.bin', 'dropped']]);
    assert.deepEqual(r.ftp!.requests.map((q) => [q.method, q.path]), [['RETR', '/cut-fw.bin'], ['RETR', '/cut-fw.bin']]);
    assert.equal(r.m.station.context.identity.firmwareVersion, '3.4.0.12');
    assert.equal(r.csms.station(r.id)?.bootCount, 1);
  } finally { await r.done(); }
});

test('installation waits until the running transaction ends (as a real unit does)', async () => {
  const r = await rig('EVB-FW6', { overrides: { AuthenticationOCPPMode: 'false' } });
  try {
    r.m.station.context.controls.plugIn!(1);
    await waitFor(() => r.csms.ledger.forStation(r.id).length === 1);
    await r.csms.call(r.id, 'UpdateFirmware', { location: r.http.host('fw-wait.bin', await image('3.7.0')), retrieveDate: at(r.clock) });
    await waitFor(() => r.statuses('FirmwareStatusNotification').includes('Downloaded'), 10_000);
    await r.clock.fastForward(600_000);
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Downloading', 'Downloaded'], 'not installing while charging');
    r.m.station.context.controls.unplug!(1);
    await waitFor(() => r.csms.station(r.id)?.boot?.firmwareVersion === '3.7.0', 10_000);
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Downloading', 'Downloaded', 'Installing', 'Installed']);
    assert.equal(r.csms.ledger.forStation(r.id)[0]?.stop?.reason, 'EVDisconnected');
  } finally { await r.done(); }
});
