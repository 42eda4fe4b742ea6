/**
 * The defect "no reboot under a charging car": once a downloaded image waits to be installed, every
 * connector that is or becomes free goes Unavailable (reported by StatusNotification) and no session may
 * start (badge refused without Authorize, RemoteStartTransaction Rejected) until the image is installed
 * and the station has rebooted; the install waits until ALL connectors are free; after the reboot the
 * connectors are back to the availability they had (Available, unless the CSMS set them Inoperative).
 * Frame order is asserted exactly, leaving out only Heartbeat, MeterValues and DataTransfer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../support/wait-for.ts';
import { at, image, rig, type Rig } from './firmware-rig.ts';

/** The CALLs the CSMS received from `from` (an index into csms.frames) on, as short text. */
function calls(r: Rig, from: number): string[] {
  return r.csms.frames.slice(from).filter((f) => f.direction === 'in').map((f) => JSON.parse(f.text) as unknown[])
    .filter((f) => f[0] === 2 && !['Heartbeat', 'MeterValues', 'DataTransfer'].includes(f[2] as string))
    .map((f) => {
      const p = f[3] as Record<string, unknown>;
      if (f[2] === 'StatusNotification') return `StatusNotification ${String(p.connectorId)} ${String(p.status)}`;
      if (f[2] === 'FirmwareStatusNotification') return `FirmwareStatusNotification ${String(p.status)}`;
      if (f[2] === 'StopTransaction') return `StopTransaction ${String(p.transactionId)} ${String(p.reason ?? 'Local')}`;
      if (f[2] === 'BootNotification') return `BootNotification ${String(p.firmwareVersion)}`;
      return String(f[2]);
    });
}

/** The rig once the CSMS has the statuses the first boot reports (connector 0 and each connector). */
async function ready(r: Rig, connectors = 1): Promise<Rig> {
  await waitFor(() => calls(r, 0).filter((x) => x.startsWith('StatusNotification')).length >= connectors + 1, 10_000, 'the first boot\'s statuses');
  return r;
}

const booted = (r: Rig, version: string, statuses: number): Promise<void> => waitFor(() => {
  const c = calls(r, 0);
  const i = c.indexOf(`BootNotification ${version}`);
  return i >= 0 && c.slice(i + 1).filter((x) => x.startsWith('StatusNotification')).length >= statuses;
}, 10_000, `boot with ${version} and its status notifications`);

test('no reboot under a charging car (the issue\'s scenario): while the image waits, unplug → Unavailable; plug + badge is refused (no Authorize, no StartTransaction); install, reboot; exact frame order, nothing stopped with PowerLoss', async () => {
  // No periodic meter values: the order of StatusNotification and StopTransaction is then exact.
  const r = await ready(await rig('EVB-FWC1', { overrides: { SampledDataInterval: '0' } }));
  try {
    const c = r.m.station.context.controls;
    c.plugIn!(1);
    assert.deepEqual(await c.presentBadge!('EVLINK'), { accepted: true });
    await waitFor(() => r.csms.ledger.forStation(r.id)[0]?.transactionId !== undefined && calls(r, 0).includes('StatusNotification 1 Charging'));
    const txId = r.csms.ledger.forStation(r.id)[0]!.transactionId;
    const from = r.csms.frames.length;
    await r.csms.call(r.id, 'UpdateFirmware', { location: r.http.host('fw-4.0.0.bin', await image('4.0.0')), retrieveDate: at(r.clock) });
    await waitFor(() => r.statuses('FirmwareStatusNotification').includes('Downloaded'), 10_000);
    await r.clock.fastForward(600_000);
    assert.equal(r.m.station.context.status.get(1).status, 'Charging', 'the car charges on while the image waits');
    c.unplug!(1);
    c.plugIn!(1);
    assert.deepEqual(await c.presentBadge!('EVLINK'), { accepted: false, reason: 'connector unavailable: a firmware installation is pending' });
    await booted(r, '4.0.0', 2);
    assert.deepEqual(calls(r, from), [
      'FirmwareStatusNotification Downloading', 'FirmwareStatusNotification Downloaded',
      'StatusNotification 1 Unavailable', `StopTransaction ${txId} EVDisconnected`,
      'FirmwareStatusNotification Installing', 'FirmwareStatusNotification Installed',
      'BootNotification 4.0.0', 'StatusNotification 0 Available', 'StatusNotification 1 Preparing',
    ]);
    assert.deepEqual(r.csms.ledger.forStation(r.id).map((t) => t.stop?.reason), ['EVDisconnected'], 'one session, ended by the driver');
    // After the reboot the connector serves again: the badge starts a session at once.
    assert.deepEqual(await r.m.station.context.controls.presentBadge!('EVLINK'), { accepted: true });
    await waitFor(() => r.csms.ledger.forStation(r.id).length === 2);
  } finally { await r.done(); }
});

test('firmware downloaded while the connector is free: it goes Unavailable at once, the image installs, and after the reboot it is Available again', async () => {
  const r = await ready(await rig('EVB-FWC2'));
  try {
    const from = r.csms.frames.length;
    await r.csms.call(r.id, 'UpdateFirmware', { location: r.http.host('fw-4.0.1.bin', await image('4.0.1')), retrieveDate: at(r.clock) });
    await booted(r, '4.0.1', 2);
    assert.deepEqual(calls(r, from), [
      'FirmwareStatusNotification Downloading', 'FirmwareStatusNotification Downloaded', 'StatusNotification 1 Unavailable',
      'FirmwareStatusNotification Installing', 'FirmwareStatusNotification Installed',
      'BootNotification 4.0.1', 'StatusNotification 0 Available', 'StatusNotification 1 Available',
    ]);
  } finally { await r.done(); }
});

test('two connectors: the free one goes Unavailable at once (RemoteStart Rejected, badge refused); the install waits until both are free; a CSMS Inoperative set meanwhile survives the reboot', async () => {
  const r = await ready(await rig('EVB-FWC3', { connectors: 2, overrides: { SampledDataInterval: '0' } }), 2);
  try {
    const c = r.m.station.context.controls;
    c.plugIn!(1);
    assert.deepEqual(await c.presentBadge!('EVLINK', 1), { accepted: true });
    await waitFor(() => r.csms.ledger.forStation(r.id)[0]?.transactionId !== undefined && calls(r, 0).includes('StatusNotification 1 Charging'));
    const txId = r.csms.ledger.forStation(r.id)[0]!.transactionId;
    const from = r.csms.frames.length;
    await r.csms.call(r.id, 'UpdateFirmware', { location: r.http.host('fw-4.1.0.bin', await image('4.1.0')), retrieveDate: at(r.clock) });
    await waitFor(() => calls(r, from).includes('StatusNotification 2 Unavailable'), 10_000, 'connector 2 Unavailable');
    assert.deepEqual(await r.csms.call(r.id, 'RemoteStartTransaction', { connectorId: 2, idTag: 'EVLINK' }), { status: 'Rejected' });
    assert.deepEqual(await r.csms.call(r.id, 'RemoteStartTransaction', { idTag: 'EVLINK' }), { status: 'Rejected' });
    c.plugIn!(2);
    assert.equal((await c.presentBadge!('EVLINK', 2)).accepted, false);
    assert.deepEqual(await r.csms.call(r.id, 'ChangeAvailability', { connectorId: 2, type: 'Inoperative' }), { status: 'Accepted' });
    await r.clock.fastForward(600_000);
    assert.deepEqual(r.statuses('FirmwareStatusNotification'), ['Downloading', 'Downloaded'], 'not installing while connector 1 charges');
    assert.equal(r.m.station.context.status.get(1).status, 'Charging');
    assert.deepEqual(await c.presentBadge!('EVLINK', 1), { accepted: true, reason: 'stopped' });
    await booted(r, '4.1.0', 3);
    assert.deepEqual(calls(r, from), [
      'FirmwareStatusNotification Downloading', 'FirmwareStatusNotification Downloaded', 'StatusNotification 2 Unavailable',
      `StopTransaction ${txId} Local`, 'StatusNotification 1 Unavailable',
      'FirmwareStatusNotification Installing', 'FirmwareStatusNotification Installed',
      // Connector 1 still has the cable in after its session (Finishing, as before the update).
      'BootNotification 4.1.0', 'StatusNotification 0 Available', 'StatusNotification 1 Finishing', 'StatusNotification 2 Unavailable',
    ]);
    assert.equal(r.csms.ledger.forStation(r.id).length, 1, 'no session started while the install was pending');
  } finally { await r.done(); }
});

test('an image that fails to install gives the connectors back: Unavailable while pending, Available again after InstallationFailed, and sessions start again', async () => {
  const r = await ready(await rig('EVB-FWC4', { overrides: { SampledDataInterval: '0' } }));
  try {
    const from = r.csms.frames.length;
    await r.csms.call(r.id, 'UpdateFirmware', { location: r.http.host('fw-other.bin', await image('4.2.0', ['EVB-NOT-THIS'])), retrieveDate: at(r.clock) });
    await waitFor(() => calls(r, from).includes('StatusNotification 1 Available'), 10_000, 'connector back');
    assert.deepEqual(calls(r, from), [
      'FirmwareStatusNotification Downloading', 'FirmwareStatusNotification Downloaded', 'StatusNotification 1 Unavailable',
      'FirmwareStatusNotification Installing', 'FirmwareStatusNotification InstallationFailed', 'StatusNotification 1 Available',
    ]);
    r.m.station.context.controls.plugIn!(1);
    assert.deepEqual(await r.m.station.context.controls.presentBadge!('EVLINK'), { accepted: true });
    await waitFor(() => r.csms.ledger.forStation(r.id).length === 1);
  } finally { await r.done(); }
});

test('a Reset while the image waits: the reboot ends the pending install (InstallationFailed) and the connectors come back as they were', async () => {
  const r = await ready(await rig('EVB-FWC5', { connectors: 2, overrides: { SampledDataInterval: '0' } }), 2);
  try {
    const c = r.m.station.context.controls;
    c.plugIn!(1);
    assert.deepEqual(await c.presentBadge!('EVLINK', 1), { accepted: true });
    await waitFor(() => r.csms.ledger.forStation(r.id)[0]?.transactionId !== undefined);
    await r.csms.call(r.id, 'UpdateFirmware', { location: r.http.host('fw-4.3.0.bin', await image('4.3.0')), retrieveDate: at(r.clock) });
    await waitFor(() => calls(r, 0).includes('StatusNotification 2 Unavailable'), 10_000, 'connector 2 Unavailable');
    const from = r.csms.frames.length;
    assert.deepEqual(await r.csms.call(r.id, 'Reset', { type: 'Soft' }), { status: 'Accepted' });
    await waitFor(() => calls(r, from).includes('FirmwareStatusNotification InstallationFailed'), 10_000, 'InstallationFailed after the boot');
    const txId = r.csms.ledger.forStation(r.id)[0]!.transactionId;
    assert.deepEqual(calls(r, from), [
      // The reboot waits for the stop's confirmation (sessions.md "Reset during a transaction"), so the
      // connector's new status (out of service: the image still waits) goes out before it.
      `StopTransaction ${txId} SoftReset`, 'StatusNotification 1 Unavailable',
      `BootNotification ${r.m.station.context.identity.firmwareVersion}`,
      'StatusNotification 0 Available', 'StatusNotification 1 Finishing', 'StatusNotification 2 Available',
      'FirmwareStatusNotification InstallationFailed',
    ]);
    // (the rebooted station is a new model: its controls, not the ones held before the reboot)
    assert.deepEqual(await r.m.station.context.controls.presentBadge!('EVLINK', 2), { accepted: true }, 'connector 2 serves again');
  } finally { await r.done(); }
});
