import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../shared/simulated-clock.ts';
import { memoryStationStore } from '../station/storage-port.ts';
import { buildEvlinkStation } from './evlink-station.ts';

const lifecycle = { reboot: (): void => {} };

test('restart with another --connectors or --csms: the installation keys follow the installation, not the saved configuration', () => {
  const clock = new SimulatedClock(Date.UTC(2026, 2, 2));
  const store = memoryStationStore();
  const build = buildEvlinkStation({ storeFor: () => store });
  const first = build({ id: 'RE-1', csmsUrl: 'ws://a.example/ocpp', connectors: 2 }, lifecycle, clock);
  assert.equal(first.context.configuration.change('LedIntensity', '40'), 'Accepted'); // a change saves the configuration
  first.dispose();
  const second = build({ id: 'RE-1', csmsUrl: 'ws://b.example/ocpp', connectors: 1 }, lifecycle, clock);
  assert.equal(second.context.config.str('SupervisionUrl'), 'ws://b.example/ocpp', 'the central system it connects to now');
  assert.equal(second.context.config.str('NumberOfConnectors'), '1', 'the connectors it has now');
  assert.equal(second.context.connectorCount, 1);
  assert.equal(second.context.config.str('LedIntensity'), '40', 'what the central system set is kept');
  second.dispose();
});

test('configuration persistence (decision D32): a change marked soon goes to the store\'s saveSoon, any other change is saved at once', () => {
  const clock = new SimulatedClock(Date.UTC(2026, 2, 2));
  const inner = memoryStationStore();
  const calls: string[] = [];
  const store = {
    ...inner,
    load: inner.load.bind(inner), remove: inner.remove.bind(inner), keys: inner.keys.bind(inner), atomically: inner.atomically.bind(inner),
    save(key: string, value: unknown) { calls.push(`save ${key}`); inner.save(key, value); },
    saveSoon(key: string, value: unknown) { calls.push(`saveSoon ${key}`); inner.save(key, value); },
  };
  const station = buildEvlinkStation({ storeFor: () => store })({ id: 'GC-1', csmsUrl: 'ws://a.example/ocpp' }, lifecycle, clock);
  calls.length = 0;
  assert.equal(station.context.configuration.changeByName('HeartbeatInterval', '60', 'soon'), 'Accepted');
  assert.deepEqual(calls, ['saveSoon config']);
  assert.equal(station.context.configuration.change('LedIntensity', '40'), 'Accepted');
  assert.equal(station.context.configuration.changeByName('HeartbeatInterval', '90'), 'Accepted');
  assert.deepEqual(calls, ['saveSoon config', 'save config', 'save config']);
  assert.deepEqual((inner.load('config') as { values: Record<string, string> }).values.HeartbeatInterval, '90');
  station.dispose();
});
