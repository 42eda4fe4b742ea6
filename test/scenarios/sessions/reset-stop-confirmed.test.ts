/**
 * OCPP 1.6 §5.13 Reset with a running transaction, behind a central system that takes its time to answer:
 * the station sends StopTransaction (SoftReset / HardReset) and waits for its confirmation (up to 10 s of
 * station time) before the link goes down for the reboot, so the CSMS gets the message once, not again
 * after the boot (docs/conformance/sessions.md, "Reset during a transaction").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms } from '../../../src/csms/index.ts';
import { createFleet } from '../../../src/fleet/index.ts';
import { ScaledClock } from '../../../src/platform/index.ts';
import { buildEvlinkStation } from '../../../src/runtime/evlink-station.ts';
import { waitFor } from '../../support/wait-for.ts';

for (const kind of ['Soft', 'Hard'] as const) {
  test(`OCPP 1.6 §5.13 Reset ${kind} during a transaction behind a slow CSMS: StopTransaction is confirmed before the reboot and reaches the CSMS exactly once`, async () => {
    const clock = new ScaledClock();
    const csms = await startCsms({ tags: { EVLINK: 'Accepted' }, answerDelayMs: 200 });
    const fleet = createFleet({
      csmsUrl: csms.url, clock, rebootDelayMs: 20, backoff: { initialMs: 20, maxMs: 40 },
      build: buildEvlinkStation({ configOverrides: { SampledDataInterval: '0', AlignedDataInterval: '0' } }),
    });
    const id = `EVB-RST-${kind}`;
    try {
      const m = fleet.add({ id });
      await waitFor(() => m.station.registration === 'Accepted', 10_000, 'registered');
      m.station.context.controls.plugIn!(1);
      assert.deepEqual(await m.station.context.controls.presentBadge!('EVLINK'), { accepted: true });
      await waitFor(() => csms.ledger.forStation(id)[0]?.transactionId !== undefined, 10_000, 'transaction started');
      assert.equal((await csms.call(id, 'Reset', { type: kind })).status, 'Accepted');
      await waitFor(() => csms.station(id)?.bootCount === 2, 10_000, 'second boot');
      await waitFor(() => fleet.get(id)?.station.registration === 'Accepted', 10_000, 'registered again');
      const frames = csms.frames.filter((f) => f.stationId === id).map((f) => ({ dir: f.direction, msg: JSON.parse(f.text) as unknown[] }));
      const stops = frames.filter((f) => f.dir === 'in' && f.msg[0] === 2 && f.msg[2] === 'StopTransaction');
      assert.equal(stops.length, 1, 'one StopTransaction, not a second copy after the boot');
      assert.equal((stops[0]!.msg[3] as { reason?: string }).reason, `${kind}Reset`);
      const stopAnswer = frames.findIndex((f) => f.dir === 'out' && f.msg[0] === 3 && f.msg[1] === stops[0]!.msg[1]);
      const secondBoot = frames.map((f, i) => ({ f, i })).filter(({ f }) => f.dir === 'in' && f.msg[2] === 'BootNotification')[1]!.i;
      assert.ok(stopAnswer >= 0 && stopAnswer < secondBoot, 'the confirmation went out before the station rebooted');
      assert.equal(csms.ledger.forStation(id)[0]!.stop?.reason, `${kind}Reset`);
    } finally {
      await fleet.stop();
      await csms.close();
      clock.dispose();
    }
  });
}
