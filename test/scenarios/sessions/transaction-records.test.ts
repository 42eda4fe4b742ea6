import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig, type EvlinkRig } from '../../support/evlink-rig.ts';

type SV = { value: string; measurand?: string; context?: string };
type MV = { timestamp: string; sampledValue: SV[] };
const stopOf = (r: EvlinkRig) => r.sent.filter((s) => s.action === 'StopTransaction').at(-1)!.payload as { reason: string; transactionData?: MV[]; meterStop: number; timestamp: string };

async function charging(over: Record<string, string> = {}): Promise<EvlinkRig> {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false', ...over } });
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
  return r;
}

for (const kind of ['Soft', 'Hard'] as const) {
  test(`OCPP 1.6 §5.13 Reset ${kind} with a running EVlink transaction: StopTransaction reason ${kind}Reset, then the reboot`, async () => {
    const r = await charging();
    await r.clock.advance(300_000);
    assert.equal((await r.csms.call('Reset', { type: kind })).status, 'Accepted');
    await r.settle();
    await r.settle();
    const stop = stopOf(r);
    assert.equal(stop.reason, `${kind}Reset`);
    assert.equal((stop as { idTag?: string }).idTag, undefined);
    assert.ok(Math.abs(stop.meterStop - 1840) <= 1, `5 min at 22,080 W; meterStop ${stop.meterStop}`);
    assert.deepEqual(r.reboots, [kind], 'the station reboots after stopping the transaction');
  });
}

test('OCPP 1.6 §6.46 StartTransaction.timestamp is the station time the transaction started', async () => {
  const r = await evlinkRig({ configOverrides: { AuthenticationOCPPMode: 'false' } });
  await r.clock.advance(42_000);
  const at = r.clock.now();
  r.controls.plugIn!(1);
  await r.settle();
  const start = r.sent.find((s) => s.action === 'StartTransaction')!;
  assert.equal(start.payload.timestamp, new Date(at).toISOString());
  assert.equal(start.payload.timestamp, '2026-03-02T08:00:42.000Z');
});

test('guide SampledDataTxEnded: StopTransaction.transactionData holds Transaction.Begin, each Sample.Periodic and Transaction.End with exactly those measurands', async () => {
  const r = await charging({ SampledDataInterval: '60', AlignedDataInterval: '0', SampledDataTxEnded: 'Energy.Active.Import.Register,Power.Active.Import' });
  await r.clock.advance(180_000);
  await r.controls.pressStop!(1);
  await r.settle();
  const data = stopOf(r).transactionData!;
  assert.deepEqual(data.map((m) => m.sampledValue[0]!.context), ['Transaction.Begin', 'Sample.Periodic', 'Sample.Periodic', 'Sample.Periodic', 'Transaction.End']);
  for (const m of data) assert.deepEqual(m.sampledValue.map((v) => v.measurand), ['Energy.Active.Import.Register', 'Power.Active.Import']);
  assert.deepEqual(data.map((m) => m.sampledValue[0]!.value), ['0', '368', '736', '1104', '1104']);
  assert.equal(data.at(-1)!.timestamp, stopOf(r).timestamp);
  assert.equal(data[0]!.timestamp, '2026-03-02T08:00:00.000Z');
});

test('guide AlignedDataTxEnded: clock-aligned values join transactionData with context Sample.Clock; an empty SampledDataTxEnded leaves out the rest', async () => {
  const r = await charging({ SampledDataInterval: '60', AlignedDataInterval: '900', SampledDataTxEnded: '', AlignedDataTxEnded: 'Energy.Active.Import.Register' });
  await r.clock.advance(20 * 60_000);
  r.controls.pressStop!(1);
  await r.settle();
  const data = stopOf(r).transactionData!;
  assert.deepEqual(data.map((m) => [m.timestamp, m.sampledValue[0]!.context]), [['2026-03-02T08:15:00.000Z', 'Sample.Clock']]);
});

test('guide SampledDataTxEnded empty and AlignedDataTxEnded empty: StopTransaction has no transactionData', async () => {
  const r = await charging({ SampledDataTxEnded: '', AlignedDataTxEnded: '' });
  await r.clock.advance(120_000);
  r.controls.pressStop!(1);
  await r.settle();
  assert.equal(stopOf(r).transactionData, undefined);
});

test('OCPP 1.6 §9.1 ClockAlignedDataInterval: Sample.Clock MeterValues during a transaction carry its transactionId; outside one they carry none', async () => {
  const r = await charging({ SampledDataInterval: '0', AlignedDataInterval: '900' });
  await r.clock.advance(15 * 60_000);
  const during = r.sent.filter((s) => s.action === 'MeterValues');
  assert.equal(during.length, 1);
  assert.equal(during[0]!.payload.transactionId, 100);
  assert.equal((during[0]!.payload.meterValue as MV[])[0]!.sampledValue[0]!.context, 'Sample.Clock');
  assert.equal((during[0]!.payload.meterValue as MV[])[0]!.timestamp, '2026-03-02T08:15:00.000Z');
  r.controls.unplug!(1);
  await r.clock.advance(15 * 60_000);
  const after = r.sent.filter((s) => s.action === 'MeterValues').slice(1);
  assert.equal(after.length, 1);
  assert.equal('transactionId' in after[0]!.payload, false);
});

test('transactionData stays bounded: a long transaction keeps Transaction.Begin, the newest periodic values and Transaction.End (100 entries at most)', async () => {
  const r = await charging({ SampledDataInterval: '10', AlignedDataInterval: '0' });
  await r.clock.advance(30 * 60_000);
  r.controls.pressStop!(1);
  await r.settle();
  const data = stopOf(r).transactionData!;
  assert.equal(data.length, 100);
  assert.equal(data[0]!.sampledValue[0]!.context, 'Transaction.Begin');
  assert.equal(data.at(-1)!.sampledValue[0]!.context, 'Transaction.End');
  assert.equal(data.at(-2)!.timestamp, '2026-03-02T08:30:00.000Z', 'the newest periodic value is kept');
});
