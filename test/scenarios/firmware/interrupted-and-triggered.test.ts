import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../support/wait-for.ts';
import { at, image, rig } from './firmware-rig.ts';

test('a Reset during a real download: the station drops the transfer, reboots, reports DownloadFailed once registered, is Idle, and a new UpdateFirmware then succeeds', async () => {
  const r = await rig('EVB-FW7');
  try {
    r.http.host('fw-slow.bin', await image('4.1.0'));
    await r.csms.call(r.id, 'UpdateFirmware', { location: `${r.http.url}/slow/fw-slow.bin`, retrieveDate: at(r.clock) });
    await waitFor(() => r.http.requests.length === 1 && r.statuses('FirmwareStatusNotification').length === 1, 5000, 'download under way');
    assert.equal((await r.csms.call(r.id, 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' })).status, 'Accepted');
    await waitFor(() => r.statuses('FirmwareStatusNotification').length === 2);
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Downloading', 'Downloading'], 'TriggerMessage while downloading reports Downloading');

    assert.equal((await r.csms.call(r.id, 'Reset', { type: 'Soft' })).status, 'Accepted');
    await waitFor(() => r.csms.station(r.id)?.bootCount === 2, 10_000, 'reboot');
    await waitFor(() => r.statuses('FirmwareStatusNotification').length === 3, 5000, 'outcome reported after the reboot');
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Downloading', 'Downloading', 'DownloadFailed']);
    assert.deepEqual(r.http.requests.map((q) => [q.path, q.outcome]), [['/slow/fw-slow.bin', 'closed by client']], 'the station closed the transfer');
    assert.deepEqual(r.attempts.map((a) => a.error), ['TWIN_ERR_TRANSFER_INTERRUPTED']);
    const reported = r.csms.frames.findIndex((f) => f.direction === 'in' && f.text.includes('"DownloadFailed"'));
    const booted = r.csms.frames.findLastIndex((f) => f.direction === 'in' && f.text.includes('"BootNotification"'));
    assert.ok(booted < reported, 'DownloadFailed comes after the new BootNotification');

    await r.csms.call(r.id, 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' });
    await waitFor(() => r.statuses('FirmwareStatusNotification').length === 4);
    assert.equal(r.statuses('FirmwareStatusNotification')[3], 'Idle');

    await r.csms.call(r.id, 'UpdateFirmware', { location: r.http.host('fw-ok.bin', await image('4.1.1')), retrieveDate: at(r.clock) });
    await waitFor(() => r.csms.station(r.id)?.boot?.firmwareVersion === '4.1.1', 10_000, 'the station recovers');
    assert.deepEqual(r.statuses('FirmwareStatusNotification').slice(4), ['Downloading', 'Downloaded', 'Installing', 'Installed']);
  } finally { await r.done(); }
});

test('a power cut while the image waits to be installed: after power returns the station reports InstallationFailed and keeps its firmware', async () => {
  const r = await rig('EVB-FW8', { overrides: { AuthenticationOCPPMode: 'false' } });
  try {
    r.m.station.context.controls.plugIn!(1);
    await waitFor(() => r.csms.ledger.forStation(r.id).length === 1);
    await r.csms.call(r.id, 'UpdateFirmware', { location: r.http.host('fw-wait.bin', await image('4.2.0')), retrieveDate: at(r.clock) });
    await waitFor(() => r.statuses('FirmwareStatusNotification').length === 2, 5000);
    r.m.runtime.powerOff();
    r.m.runtime.powerOn();
    await waitFor(() => r.csms.station(r.id)?.bootCount === 2, 10_000, 'boot after the power cut');
    await waitFor(() => r.statuses('FirmwareStatusNotification').length === 3, 5000);
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Downloading', 'Downloaded', 'InstallationFailed']);
    assert.equal(r.m.station.context.identity.firmwareVersion, '3.4.0.12');
  } finally { await r.done(); }
});

test('a Reset before retrieveDate abandons the scheduled update silently; TriggerMessage(FirmwareStatusNotification) then reports Idle', async () => {
  const r = await rig('EVB-FW9');
  try {
    await r.csms.call(r.id, 'UpdateFirmware', { location: r.http.host('late.bin', await image('4.0.0')), retrieveDate: at(r.clock, 3600) });
    await r.csms.call(r.id, 'Reset', { type: 'Soft' });
    await waitFor(() => r.csms.station(r.id)?.bootCount === 2, 10_000);
    await r.clock.fastForward(3_700_000);
    assert.equal((await r.csms.call(r.id, 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' })).status, 'Accepted');
    await waitFor(() => r.statuses('FirmwareStatusNotification').length === 1, 15_000, 'the triggered FirmwareStatusNotification');
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Idle']);
    assert.equal(r.http.requests.length, 0);
    assert.equal(r.m.station.context.identity.firmwareVersion, '3.4.0.12');
  } finally { await r.done(); }
});

test('TriggerMessage(FirmwareStatusNotification) while Installing reports Installing; flashing takes its time on the station clock', async () => {
  const r = await rig('EVB-FW10');
  try {
    r.clock.pause();
    await r.csms.call(r.id, 'UpdateFirmware', { location: r.http.host('fw-inst.bin', await image('4.3.0')), retrieveDate: at(r.clock) });
    await r.clock.fastForward(0);
    await waitFor(() => r.statuses('FirmwareStatusNotification').length === 3, 5000, 'Installing');
    await r.csms.call(r.id, 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' });
    await waitFor(() => r.statuses('FirmwareStatusNotification').length === 4);
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Downloading', 'Downloaded', 'Installing', 'Installing']);
    await r.clock.fastForward(4_999);
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(r.statuses('FirmwareStatusNotification').length, 4, 'still installing 1 ms before installMs');
    r.clock.resume();
    await waitFor(() => r.csms.station(r.id)?.boot?.firmwareVersion === '4.3.0', 10_000);
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Downloading', 'Downloaded', 'Installing', 'Installing', 'Installed']);
  } finally { await r.done(); }
});

test('OCPP 1.6 §4.4 TriggerMessage(DiagnosticsStatusNotification): Idle when nothing is under way, Uploading during an upload, Idle again after it', async () => {
  const r = await rig('EVB-DG6');
  try {
    const trigger = async (n: number): Promise<string | undefined> => {
      assert.equal((await r.csms.call(r.id, 'TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' })).status, 'Accepted');
      await waitFor(() => r.statuses('DiagnosticsStatusNotification').length === n);
      return r.statuses('DiagnosticsStatusNotification')[n - 1];
    };
    assert.equal(await trigger(1), 'Idle');
    const conf = await r.csms.call(r.id, 'GetDiagnostics', { location: `${r.http.url}/slow/` });
    await waitFor(() => r.http.requests.length === 1 && r.statuses('DiagnosticsStatusNotification').length === 2, 5000, 'upload under way');
    assert.equal(await trigger(3), 'Uploading');
    r.http.release();
    await waitFor(() => r.statuses('DiagnosticsStatusNotification').length === 4, 5000);
    assert.equal(await trigger(5), 'Idle');
    assert.deepEqual(r.statuses('DiagnosticsStatusNotification'), ['Idle', 'Uploading', 'Uploading', 'Uploaded', 'Idle']);
    assert.deepEqual(r.http.received.map((f) => f.name), [conf.fileName]);
  } finally { await r.done(); }
});
