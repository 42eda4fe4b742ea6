/**
 * The defect "one physical action for the common case": plugging in an EV that wants energy is one
 * control, so a session started by plug + badge (or badge + plug, or free charging) reports
 * Preparing → Charging, never a SuspendedEV in between that a conformance suite would read as the
 * session's first status. An EV that does not ask for energy can still be plugged in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, type EvlinkRig } from '../../support/evlink-rig.ts';

/** The statuses of connector 1 reported since `from` (an index into r.sent). */
const statusesSince = (r: EvlinkRig, from: number): string[] =>
  r.sent.slice(from).filter((s) => s.action === 'StatusNotification' && s.payload.connectorId === 1).map((s) => String(s.payload.status));

test('plug in an EV with room in its battery, then badge: Preparing → Charging with no SuspendedEV between (the EV requests energy by default)', async () => {
  const r = await evlinkRig();
  const from = r.sent.length;
  r.controls.plugIn!(1);
  await r.settle();
  assert.deepEqual(await r.controls.presentBadge!('TAG-1'), { accepted: true });
  await r.settle();
  assert.deepEqual(statusesSince(r, from), ['Preparing', 'Charging']);
  assert.equal(r.actions('StartTransaction').length, 1);
  const view = r.controls.state!() as { connectors: Array<{ evRequesting: boolean; currentA: number }> };
  assert.deepEqual([view.connectors[0]!.evRequesting, view.connectors[0]!.currentA > 0], [true, true]);
});

test('badge, then plug in an EV that wants energy: Preparing → Charging with no SuspendedEV between', async () => {
  const r = await evlinkRig();
  const from = r.sent.length;
  assert.deepEqual(await r.controls.presentBadge!('TAG-1', 1), { accepted: true });
  r.controls.plugIn!(1);
  await r.settle();
  assert.deepEqual(statusesSince(r, from), ['Preparing', 'Charging']);
});

test('free charging (AuthenticationOCPPMode=false): plugging in an EV that wants energy goes Preparing → Charging', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false' } });
  const from = r.sent.length;
  r.controls.plugIn!(1);
  await r.settle();
  assert.deepEqual(statusesSince(r, from), ['Preparing', 'Charging']);
});

test('plugIn(1, { requesting: false }) plugs an EV that does not ask for energy: the session starts SuspendedEV, and Charging once it asks', async () => {
  const r = await evlinkRig();
  const from = r.sent.length;
  r.controls.plugIn!(1, { requesting: false });
  assert.deepEqual(await r.controls.presentBadge!('TAG-1'), { accepted: true });
  await r.settle();
  assert.deepEqual(statusesSince(r, from), ['Preparing', 'SuspendedEV']);
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
  assert.deepEqual(statusesSince(r, from), ['Preparing', 'SuspendedEV', 'Charging']);
});

test('an EV plugged in with a full battery does not ask for energy (SuspendedEV); "EV requests energy" is a level: asking again while it asks changes nothing', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false' } });
  r.controls.setEv!(1, { socPercent: 100 });
  const from = r.sent.length;
  r.controls.plugIn!(1);
  await r.settle();
  assert.deepEqual(statusesSince(r, from), ['Preparing', 'SuspendedEV']);
  r.controls.setEv!(1, { socPercent: 50 });
  r.controls.evRequestsEnergy!(1, true);
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
  assert.deepEqual(statusesSince(r, from), ['Preparing', 'SuspendedEV', 'Charging']);
  r.controls.unplug!(1);
  assert.throws(() => r.controls.evRequestsEnergy!(1, true), /no EV plugged/, 'without an EV there is nothing to ask');
});
