import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { readReceived, sha256 } from '../../../src/csms/file-server/index.ts';
import { waitFor } from '../../support/wait-for.ts';
import { at, rig, type Rig } from './firmware-rig.ts';
import { FRAMES_UNVIEWED } from '../../../src/fleet/index.ts';

/** The log and frame sections of a diagnostics file, as received by the server. */
function sections(text: string): { log: string; frames: string } {
  const log = text.indexOf('\n== log (');
  const frames = text.indexOf('\n== ocpp frames (');
  assert.ok(log > 0 && frames > log, `both sections present:\n${text.slice(0, 300)}`);
  return { log: text.slice(log, frames), frames: text.slice(frames) };
}

/** What the server received under the file name the station answered, checked against what the station produced. */
async function receivedFile(r: Rig, fileName: string): Promise<Buffer> {
  await waitFor(() => [...r.http.received, ...(r.ftp?.received ?? [])].some((f) => f.name === fileName), 10_000, `upload of ${fileName}`);
  const got = [...r.http.received, ...(r.ftp?.received ?? [])].find((f) => f.name === fileName)!;
  const sent = r.attempts.find((a) => a.kind === 'upload' && a.fileName === fileName)?.bytes;
  assert.ok(sent, 'the station handed the file to its transfer');
  assert.equal(got.size, sent.length, 'size received = size the station produced');
  assert.equal(got.sha256, sha256(sent), 'sha256 of the bytes received = sha256 of the bytes the station produced');
  return readReceived(got);
}

test('OCPP 1.6 §5.9 GetDiagnostics over HTTP PUT and FTP: file name answered, the station log and frame trace received intact, Uploading → Uploaded; compressDiagnostic gzips', async () => {
  const r = await rig('EVB-DG1', { ftp: true });
  try {
    // Something for the log: a failed firmware download (the station logs why).
    await r.csms.call(r.id, 'UpdateFirmware', { location: `${r.http.url}/missing/fw.bin`, retrieveDate: at(r.clock) });
    await waitFor(() => r.statuses('FirmwareStatusNotification').length === 2, 5000);
    const conf = await r.csms.call(r.id, 'GetDiagnostics', { location: `${r.http.url}/diagnostics/` });
    assert.match(conf.fileName ?? '', /^diagnostics-EVB-DG1-.*\.log$/);
    const text = (await receivedFile(r, conf.fileName!)).toString();
    const { log, frames } = sections(text);
    assert.match(log, /WARN {2}firmware download failed: .*404/);
    assert.match(frames, /CP->CS \[2,"[^"]+","BootNotification"/);
    assert.match(frames, /CS->CP \[2,"[^"]+","GetDiagnostics"/);
    assert.equal(r.http.received.find((f) => f.name === conf.fileName)?.method, 'PUT');
    await waitFor(() => r.statuses('DiagnosticsStatusNotification').length === 2);
    assert.deepEqual(r.statuses('DiagnosticsStatusNotification'), ['Uploading', 'Uploaded']);

    await r.csms.call(r.id, 'ChangeConfiguration', { key: 'compressDiagnostic', value: 'true' });
    const gz = await r.csms.call(r.id, 'GetDiagnostics', { location: `${r.ftp!.url}/` });
    assert.match(gz.fileName ?? '', /\.log\.gz$/);
    const unzipped = gunzipSync(await receivedFile(r, gz.fileName!)).toString();
    assert.match(sections(unzipped).frames, /"compressDiagnostic"/);
    assert.match(sections(unzipped).log, /diagnostics diagnostics-EVB-DG1-.*\.log: \d+ log entries, \d+ frames, to http:/);
    await waitFor(() => r.statuses('DiagnosticsStatusNotification').length === 4);
    assert.deepEqual(r.statuses('DiagnosticsStatusNotification'), ['Uploading', 'Uploaded', 'Uploading', 'Uploaded']);
  } finally { await r.done(); }
});

test('GetDiagnostics startTime/stopTime: log entries and frames before startTime or after stopTime are left out, those inside are in (gzip, read back at the server)', async () => {
  const r = await rig('EVB-DG2', { overrides: { compressDiagnostic: 'true' } });
  try {
    const mark = async (label: string): Promise<void> => {
      r.m.station.context.log.log('info', `marker ${label}`);
      await r.csms.call(r.id, 'DataTransfer', { vendorId: 'chargetwin.test', messageId: `frame-${label}` });
    };
    await mark('BEFORE');
    await r.clock.fastForward(3_600_000);
    const startTime = at(r.clock);
    await mark('INSIDE');
    const stopTime = at(r.clock);
    await r.clock.fastForward(60_000);
    await mark('AFTER');
    const conf = await r.csms.call(r.id, 'GetDiagnostics', { location: `${r.http.url}/diagnostics/`, startTime, stopTime });
    const text = gunzipSync(await receivedFile(r, conf.fileName!)).toString();
    const { log, frames } = sections(text);
    assert.match(text, new RegExp(`window: ${startTime.replace(/\./g, '\\.')} \\.\\. ${stopTime.replace(/\./g, '\\.')}`));
    assert.match(log, /marker INSIDE/);
    assert.match(frames, /"frame-INSIDE"/);
    for (const outside of ['BEFORE', 'AFTER']) {
      assert.doesNotMatch(text, new RegExp(`marker ${outside}|frame-${outside}`), `${outside} is outside the window`);
    }
    assert.doesNotMatch(frames, /BootNotification|GetDiagnostics/, 'nothing before startTime or after stopTime');
    const stamps = [...text.matchAll(/^(\d{4}-\d\d-\d\dT[\d:.]+Z) /gm)].map((m) => Date.parse(m[1]!));
    assert.ok(stamps.length >= 3 && stamps.every((t) => t >= Date.parse(startTime) && t <= Date.parse(stopTime)), 'every line is inside the window');
  } finally { await r.done(); }
});

test('GetDiagnostics to an HTTP endpoint (location without a trailing slash) is a multipart POST; the server keeps the file under the station\'s file name', async () => {
  const r = await rig('EVB-DG3');
  try {
    const conf = await r.csms.call(r.id, 'GetDiagnostics', { location: `${r.http.url}/diagnostics/upload` });
    const text = (await receivedFile(r, conf.fileName!)).toString();
    assert.match(text, /^ChargeTwin diagnostics of EVB-DG3\n/);
    assert.deepEqual(r.http.requests.map((q) => [q.method, q.path, q.outcome]), [['POST', '/diagnostics/upload', 201]]);
    assert.equal(r.http.received[0]?.method, 'POST');
    await waitFor(() => r.statuses('DiagnosticsStatusNotification').length === 2);
    assert.deepEqual(r.statuses('DiagnosticsStatusNotification'), ['Uploading', 'Uploaded']);
  } finally { await r.done(); }
});

test('GetDiagnostics: upload refused → tried 1 + `retries` times, `retryInterval` s apart (counted at the server), then UploadFailed; nothing in the window → empty confirmation', async () => {
  const r = await rig('EVB-DG4');
  try {
    r.clock.pause();
    const t0 = r.clock.now();
    await r.csms.call(r.id, 'GetDiagnostics', { location: `${r.http.url}/refuse/`, retries: 2, retryInterval: 10 });
    for (let attempt = 1; attempt <= 3; attempt++) {
      if (attempt > 1) await r.clock.fastForward(10_000);
      await r.settled(attempt);
      assert.equal(r.http.requests.length, attempt);
    }
    await waitFor(() => r.statuses('DiagnosticsStatusNotification').length === 2);
    assert.deepEqual(r.statuses('DiagnosticsStatusNotification'), ['Uploading', 'UploadFailed']);
    assert.deepEqual(r.http.requests.map((q) => [q.method, q.outcome, q.at - t0]), [['PUT', 403, 0], ['PUT', 403, 10_000], ['PUT', 403, 20_000]]);
    r.clock.resume();
    const none = await r.csms.call(r.id, 'GetDiagnostics', { location: `${r.http.url}/diagnostics/`, startTime: at(r.clock, 86_400) });
    assert.deepEqual(none, {});
    await r.clock.fastForward(60_000);
    assert.equal(r.http.requests.length, 3, 'nothing uploaded');
  } finally { await r.done(); }
});

test('upload failures, each with its full status sequence: unreachable host (retried once), connection cut mid-upload', async () => {
  const r = await rig('EVB-DG5');
  try {
    await r.csms.call(r.id, 'GetDiagnostics', { location: 'http://127.0.0.1:1/diagnostics/', retries: 1, retryInterval: 5 });
    await waitFor(() => r.statuses('DiagnosticsStatusNotification').length === 2, 10_000);
    assert.deepEqual(r.statuses('DiagnosticsStatusNotification'), ['Uploading', 'UploadFailed']);
    assert.deepEqual(r.attempts.map((a) => a.error), ['TWIN_ERR_TRANSFER_UNREACHABLE', 'TWIN_ERR_TRANSFER_UNREACHABLE']);
    await r.csms.call(r.id, 'GetDiagnostics', { location: `${r.http.url}/cut/` });
    await waitFor(() => r.statuses('DiagnosticsStatusNotification').length === 4, 10_000);
    assert.deepEqual(r.statuses('DiagnosticsStatusNotification').slice(2), ['Uploading', 'UploadFailed']);
    assert.deepEqual(r.attempts.slice(2).map((a) => a.error), ['TWIN_ERR_TRANSFER_INTERRUPTED']);
    assert.deepEqual(r.http.requests.map((q) => [q.method, q.outcome]), [['PUT', 'dropped']]);
    assert.equal(r.http.received.length, 0);
  } finally { await r.done(); }
});

test('GetDiagnostics in a large fleet\'s frame-log mode "viewed" (D31): a twin nobody views sends the last frames it kept; once its frames are viewed, the full log', async () => {
  const r = await rig('EVB-DG6', { fleet: { framesPerStation: 50, frameLog: 'viewed' } });
  const frameCount = (text: string): number => Number(/== ocpp frames \((\d+) frames\) ==/.exec(text)?.[1]);
  try {
    for (const label of ['U1', 'U2', 'U3']) await r.csms.call(r.id, 'DataTransfer', { vendorId: 'chargetwin.test', messageId: `frame-${label}` });
    const short = await r.csms.call(r.id, 'GetDiagnostics', { location: `${r.http.url}/diagnostics/` });
    const shortText = (await receivedFile(r, short.fileName!)).toString();
    const n = frameCount(shortText);
    assert.ok(n >= 1 && n <= FRAMES_UNVIEWED, `at most the ${FRAMES_UNVIEWED} frames kept, got ${n}`);
    assert.match(sections(shortText).frames, /CS->CP \[2,"[^"]+","GetDiagnostics"/);
    assert.doesNotMatch(shortText, /BootNotification|frame-U1/, 'older frames were not kept');

    await waitFor(() => r.statuses('DiagnosticsStatusNotification').length === 2);
    r.m.viewFrames();
    for (const label of ['V1', 'V2', 'V3']) await r.csms.call(r.id, 'DataTransfer', { vendorId: 'chargetwin.test', messageId: `frame-${label}` });
    const full = await r.csms.call(r.id, 'GetDiagnostics', { location: `${r.http.url}/diagnostics/` });
    const fullText = (await receivedFile(r, full.fileName!)).toString();
    assert.ok(frameCount(fullText) > FRAMES_UNVIEWED, 'the full log since the station was viewed');
    for (const label of ['V1', 'V2', 'V3']) assert.match(sections(fullText).frames, new RegExp(`"frame-${label}"`));
  } finally { await r.done(); }
});
