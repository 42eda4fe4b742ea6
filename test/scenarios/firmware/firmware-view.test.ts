/**
 * What the station view (GET /api/stations/{id}, the dashboard's firmware and diagnostics lines) shows
 * of firmware and diagnostics (issue 16 item 4): status now and last sent, the image's location without
 * its credentials, the download attempt with its bytes, the version the downloaded image declares while
 * it waits, and the last diagnostics file with its name, size and outcome.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stationView } from '../../../src/fleet/station-view.ts';
import { waitFor } from '../../support/wait-for.ts';
import { at, image, rig } from './firmware-rig.ts';

test('station view: a firmware update waiting for a free connector shows Downloaded, the bytes received, the pending version and the location without credentials; the running version is unchanged', async () => {
  const r = await rig('EVB-FWV1');
  try {
    const idle = stationView(r.m).firmware as Record<string, unknown>;
    assert.deepEqual(idle, { status: 'Idle', lastStatus: null, location: null, retrieveDate: null, pendingVersion: null, attempt: 0, attempts: 0, receivedBytes: 0, totalBytes: null });
    // A charging car holds the install back, so Downloaded can be read at leisure.
    r.m.station.context.controls.plugIn!(1);
    assert.equal((await r.m.station.context.controls.presentBadge!('EVLINK', 1)).accepted, true);
    await waitFor(() => r.m.station.context.status.get(1).status === 'Charging', 10_000, 'charging');
    const bytes = await image('3.7.0', ['EVB3S22N4']);
    const url = r.http.host('fw-3.7.0.bin', bytes).replace('http://', 'http://user:secret@');
    await r.csms.call(r.id, 'UpdateFirmware', { location: url, retrieveDate: at(r.clock), retries: 2 });
    await waitFor(() => (stationView(r.m).firmware as { status: string }).status === 'Downloaded', 10_000, 'Downloaded');
    const v = stationView(r.m);
    assert.deepEqual(v.firmware, {
      status: 'Downloaded', lastStatus: 'Downloaded', location: url.replace('user:secret@', '***@'), retrieveDate: (v.firmware as { retrieveDate: string }).retrieveDate,
      pendingVersion: '3.7.0', attempt: 1, attempts: 3, receivedBytes: bytes.length, totalBytes: bytes.length,
    });
    assert.equal(v.firmwareVersion, '3.4.0.12', 'the running version until the install');
  } finally { await r.done(); }
});

test('station view: a failed download leaves Idle with lastStatus DownloadFailed and every attempt counted', async () => {
  const r = await rig('EVB-FWV2');
  try {
    r.clock.pause();
    await r.csms.call(r.id, 'UpdateFirmware', { location: `${r.http.url}/missing/none.bin`, retrieveDate: at(r.clock), retries: 1, retryInterval: 10 });
    await r.clock.fastForward(1);
    await r.settled(1);
    await r.clock.fastForward(10_000);
    await r.settled(2);
    await waitFor(() => (stationView(r.m).firmware as { lastStatus: string }).lastStatus === 'DownloadFailed', 5000, 'DownloadFailed');
    const f = stationView(r.m).firmware as Record<string, unknown>;
    assert.equal(f.status, 'Idle');
    assert.equal(f.attempt, 2);
    assert.equal(f.attempts, 2);
    assert.equal(f.pendingVersion, null);
  } finally { await r.done(); }
});

test('station view: the last diagnostics upload with the file name GetDiagnostics answered, its size and outcome', async () => {
  const r = await rig('EVB-DGV');
  try {
    assert.deepEqual(stationView(r.m).diagnostics, { status: 'Idle', lastUpload: null });
    const conf = await r.csms.call(r.id, 'GetDiagnostics', { location: `${r.http.url}/diagnostics/` });
    await waitFor(() => (stationView(r.m).diagnostics as { lastUpload: { outcome: string } | null }).lastUpload?.outcome === 'Uploaded', 10_000, 'Uploaded');
    const d = stationView(r.m).diagnostics as { status: string; lastUpload: Record<string, unknown> };
    assert.equal(d.status, 'Idle');
    assert.equal(d.lastUpload.fileName, conf.fileName);
    assert.equal(d.lastUpload.location, `${r.http.url}/diagnostics/`);
    assert.equal(d.lastUpload.bytes, r.http.received.find((f) => f.name === conf.fileName)?.size);
    assert.equal(d.lastUpload.attempt, 1);
  } finally { await r.done(); }
});

test('station view: a download under way shows Downloading with the bytes received so far of the declared total', async () => {
  const r = await rig('EVB-FWV3');
  try {
    const bytes = await image('3.9.0', ['EVB3S22N4']);
    r.http.host('fw-3.9.0.bin', bytes);
    await r.csms.call(r.id, 'UpdateFirmware', { location: `${r.http.url}/slow/fw-3.9.0.bin`, retrieveDate: at(r.clock) });
    const half = Math.floor(bytes.length / 2);
    await waitFor(() => (stationView(r.m).firmware as { receivedBytes: number }).receivedBytes >= half, 10_000, 'half received');
    const f = stationView(r.m).firmware as Record<string, unknown>;
    assert.deepEqual([f.status, f.receivedBytes, f.totalBytes, f.attempt, f.pendingVersion], ['Downloading', half, bytes.length, 1, null]);
    r.http.release();
    await waitFor(() => (stationView(r.m).firmware as { lastStatus: string }).lastStatus !== 'Downloading', 10_000, 'download ended');
  } finally { await r.done(); }
});
