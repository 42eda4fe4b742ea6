import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCsms } from '../../src/csms/index.ts';
import { createFleet, CsmsPlan } from '../../src/fleet/index.ts';
import { ScaledClock } from '../../src/platform/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { startControlApi } from '../../src/api/server.ts';
import { startStation } from '../../src/sdk.ts';
import { isTwinError } from '../../src/shared/errors.ts';
import { ControlApiClient } from '../../src/api-client/client.ts';
import { waitFor } from '../support/wait-for.ts';

test('POST /api/stations with presets: model, two connectors, configuration and its own CSMS; without csms the process\'s CSMS are spread by index', async () => {
  const clock = new ScaledClock();
  const [a, b] = await Promise.all([startCsms({ clock, port: 0 }), startCsms({ clock, port: 0 })]);
  const fleet = createFleet({ csmsUrl: a.url, csmsPlan: new CsmsPlan([{ url: a.url, weight: 1 }, { url: b.url, weight: 1 }]), clock, build: buildEvlinkStation(), backoff: { initialMs: 20, maxMs: 100 } });
  const api = await startControlApi({ fleet, csms: a, clock, port: 0 });
  const add = (body: unknown) => fetch(`${api.url}/api/stations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  try {
    const res = await add({ id: 'API-P', model: 'EVB3S 22NCB', connectors: 2, config: { LedIntensity: 25, LocalPreAuthorize: true }, csms: b.url });
    assert.equal(res.status, 200);
    const view = await res.json() as { model: string; connectors: unknown[] };
    assert.equal(view.model, 'EVB3S22NCB');
    assert.equal(view.connectors.length, 3, 'connector 0 and two connectors');
    await waitFor(() => b.station('API-P')?.boot !== undefined, 10_000, 'API-P registered on its own CSMS');
    const conf = await b.call('API-P', 'GetConfiguration', { key: ['LedIntensity', 'LocalPreAuthorize', 'NumberOfConnectors'] });
    assert.deepEqual(Object.fromEntries((conf.configurationKey ?? []).map((k) => [k.key, k.value])), { LedIntensity: '25', LocalPreAuthorize: 'true', NumberOfConnectors: '2' });
    assert.equal((await add({ id: 'API-2' })).status, 200); // index 1: the second CSMS
    assert.equal((await add({ id: 'API-3' })).status, 200); // index 2: the first
    await waitFor(() => b.station('API-2')?.boot !== undefined && a.station('API-3')?.boot !== undefined, 10_000, 'spread by index');
    assert.equal(a.station('API-2'), undefined);
    const client = new ControlApiClient(api.url);
    assert.equal((await client.addStation('API-C', undefined, { connectors: 2, config: { LedIntensity: 12 } })).connectors.length, 3);
    await assert.rejects(client.addStation('API-D', undefined, { config: { LedIntensity: 101 } }), (e) => isTwinError(e, 'TWIN_ERR_PRESET_INVALID'));
  } finally { await api.close(); await fleet.stop(); await a.close(); await b.close(); clock.dispose(); }
});

test('SDK: startStation({ config, connectors, model }) presets are checked like the CLI\'s and reach the central system', async () => {
  const csms = await startCsms({ port: 0 });
  try {
    await assert.rejects(startStation({ csmsUrl: csms.url, id: 'SDK-BAD', config: { MinimumStatusDuration: 999 } }), (e) => isTwinError(e, 'TWIN_ERR_PRESET_INVALID') && /0 … 120/.test((e as Error).message));
    await assert.rejects(startStation({ csmsUrl: csms.url, id: 'SDK-BAD', connectors: 3 as 2 }), (e) => isTwinError(e, 'TWIN_ERR_PRESET_INVALID'));
    await assert.rejects(startStation({ csmsUrl: csms.url, id: 'SDK-BAD', model: 'EVB9' }), (e) => isTwinError(e, 'TWIN_ERR_PROFILE_UNKNOWN_MODEL') && /known: EVB3S22N4B/.test((e as Error).message));
    assert.equal(csms.station('SDK-BAD'), undefined, 'nothing connected');
    const s = await startStation({ csmsUrl: csms.url, id: 'SDK-P', connectors: 2, config: { LedIntensity: 5, MinimumStatusDuration: 0 } });
    try {
      await s.waitFor((v) => v.registration === 'Accepted');
      assert.equal(s.state().connectors.length, 3);
      const conf = await csms.call('SDK-P', 'GetConfiguration', { key: ['LedIntensity', 'MinimumStatusDuration'] });
      assert.deepEqual(conf.configurationKey?.map((k) => k.value), ['5', '0']);
    } finally { await s.stop(); }
  } finally { await csms.close(); }
});
