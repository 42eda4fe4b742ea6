/**
 * OCPP 1.6 §4.10 / §7.33 Reason PowerLoss and the energy register: the station's meter counts the energy
 * delivered up to the instant the power goes, not up to the last physics tick or sample before it. After
 * the power returns, the StopTransaction of the cut transaction carries that register as meterStop.
 * (A scenario in the library saw 552 Wh for a 10-minute cut at 3,680 W when the last tick fell just
 * after the fast-forward: the last minute of energy was lost.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { evlinkRig } from '../support/evlink-rig.ts';

test('§7.33 PowerLoss: meterStop after a power cut counts the energy up to the cut (90 s at 16 A on one phase: 92 Wh, not the 61 Wh of the tick at 60 s)', async () => {
  const build = buildEvlinkStation({ configOverrides: { AuthenticationOCPPMode: 'false', SampledDataInterval: '300', AlignedDataInterval: '0', HeartbeatInterval: '3600' } });
  const first = await evlinkRig({ build, id: 'EVB-CUT' });
  first.controls.setEv!(1, { maxCurrentA: 16, phases: 1 });
  first.controls.plugIn!(1);
  first.controls.evRequestsEnergy!(1, true);
  await first.settle();
  assert.deepEqual(first.actions('StartTransaction').length, 1);
  await first.clock.advance(90_000);
  // The power goes: the runtime disposes of the station model (StationRuntime.powerOff).
  first.station.dispose();
  const second = await evlinkRig({ build, id: 'EVB-CUT', clock: first.clock });
  await second.clock.advance(1000);
  const stop = second.sent.find((s) => s.action === 'StopTransaction');
  assert.ok(stop, `a StopTransaction after the power returned: ${second.actions().join(', ')}`);
  assert.equal(stop.payload.reason, 'PowerLoss');
  const meterStart = Number(first.sent.find((s) => s.action === 'StartTransaction')!.payload.meterStart);
  // 230 V × 16 A × 90 s = 92 Wh (the register is rounded to whole Wh in the message).
  assert.equal(Number(stop.payload.meterStop) - meterStart, 92);
});
