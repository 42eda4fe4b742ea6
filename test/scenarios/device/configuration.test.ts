import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evlinkRig } from '../../support/evlink-rig.ts';

test('OCPP 1.6 §5.8 GetConfiguration through the RPC layer: readonly flags per the guide, AuthorizationKey never revealed', async () => {
  const { csms } = await evlinkRig({ configOverrides: { AuthorizationKey: 'secret-key-0123456789' } });
  const conf = await csms.call('GetConfiguration', {});
  assert.equal(conf.configurationKey?.length, 44);
  const key = conf.configurationKey?.find((k) => k.key === 'AuthorizationKey');
  assert.ok(key && key.value === undefined);
  assert.ok(!JSON.stringify(conf).includes('secret-key'));
  assert.equal(conf.configurationKey?.find((k) => k.key === 'NumberOfConnectors')?.readonly, true);
  assert.equal(conf.configurationKey?.find((k) => k.key === 'BoxIdentifier')?.value, 'EVB-T');
});

test('OCPP 1.6 §5.3 ChangeConfiguration: HeartbeatInterval takes effect at once (heartbeat re-armed)', async () => {
  const { csms, clock, sent } = await evlinkRig();
  assert.equal((await csms.call('ChangeConfiguration', { key: 'HeartbeatInterval', value: '15' })).status, 'Accepted');
  const t0 = clock.now();
  await clock.advance(46_000);
  assert.deepEqual(sent.filter((s) => s.action === 'Heartbeat').map((s) => (s.at - t0) / 1000), [15, 30, 45]);
});

test('OCPP 1.6 §5.3 ChangeConfiguration: RO → Rejected, out of range → Rejected, unknown → NotSupported, reboot key → RebootRequired', async () => {
  const { csms } = await evlinkRig();
  assert.equal((await csms.call('ChangeConfiguration', { key: 'NumberOfConnectors', value: '2' })).status, 'Rejected');
  assert.equal((await csms.call('ChangeConfiguration', { key: 'LedIntensity', value: '101' })).status, 'Rejected');
  assert.equal((await csms.call('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '10' })).status, 'NotSupported');
  assert.equal((await csms.call('ChangeConfiguration', { key: 'PhasesConnection', value: '4' })).status, 'RebootRequired');
  assert.equal((await csms.call('ChangeConfiguration', { key: 'LedIntensity', value: '40' })).status, 'Accepted');
  const conf = await csms.call('GetConfiguration', { key: ['LedIntensity', 'PhasesConnection'] });
  assert.deepEqual(conf.configurationKey?.map((k) => k.value), ['40', '1']);
});

test('guide: accepted and reboot-pending values survive a reboot of the station model', async () => {
  const build = (await import('../../../src/runtime/evlink-station.ts')).buildEvlinkStation();
  const { SimulatedClock } = await import('../../../src/shared/simulated-clock.ts');
  const clock = new SimulatedClock();
  const first = build({ id: 'EVB-P' }, { reboot() {} }, clock);
  const cfg = first.context.configuration;
  assert.equal(cfg.change('LedIntensity', '10'), 'Accepted');
  assert.equal(cfg.change('PhasesConnection', '5'), 'RebootRequired');
  first.dispose();
  const second = build({ id: 'EVB-P' }, { reboot() {} }, clock);
  assert.equal(second.context.config.int('LedIntensity'), 10);
  assert.equal(second.context.config.int('PhasesConnection'), 5);
});
