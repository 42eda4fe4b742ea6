/**
 * The handler and trigger tables a device profile's stations share (StationBlueprint): one table serves
 * every station, each handler gets the station it answers for, and the profile's operation rules decide
 * what reaches a handler (OCPP-J §4.2.3 NotSupported, 1.6 §5.17 NotImplemented).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedClock } from '../shared/simulated-clock.ts';
import { createRpcConnection, createLoopbackPair, RpcError } from '../rpc/index.ts';
import type { Handler } from '../ocpp/action-types.ts';
import { MapConfig, baseTestConfig } from '../../test/support/map-config.ts';
import { createStation, StationBlueprint, type OperationSet } from './station.ts';
import { triggerMessage } from './handlers/trigger-message.ts';
import { clearCache } from './handlers/clear-cache.ts';
import type { CsAction, OperationRules } from './ports.ts';

const identity = (id: string) => ({ chargePointId: id, vendor: 'Schneider Electric', model: 'EVB3S22N4', serialNumber: 'SN1', firmwareVersion: '1.0.0' });

/** Answers DataTransfer with the id of the station the shared handler was called for. */
const whoAmI: OperationSet = { handlers: { DataTransfer: (_req, _hctx, st) => ({ status: 'Accepted', data: st.identity.chargePointId }) } };

function boot(blueprint: StationBlueprint, id: string) {
  const clock = new SimulatedClock(Date.UTC(2026, 0, 1));
  const pair = createLoopbackPair();
  const station = createStation({ identity: identity(id), connectorCount: 1, config: new MapConfig(baseTestConfig), clock, blueprint });
  const csms = createRpcConnection<'CentralSystem'>({ transport: pair.b, role: 'CentralSystem', clock });
  const sent: string[] = [];
  csms.handle('BootNotification', () => ({ status: 'Accepted', currentTime: new Date(clock.now()).toISOString(), interval: 60 }));
  csms.handle('StatusNotification', () => { sent.push('StatusNotification'); return {}; });
  csms.handle('Heartbeat', () => { sent.push('Heartbeat'); return { currentTime: new Date(clock.now()).toISOString() }; });
  station.attach(createRpcConnection<'ChargePoint'>({ transport: pair.a, role: 'ChargePoint', clock }));
  return { clock, station, csms, sent };
}

const callError = (p: Promise<unknown>): Promise<string | undefined> => p.then(() => undefined, (e: unknown) => (e instanceof RpcError ? e.rpcCode : String(e)));

test('one blueprint serves many stations: each shared handler answers for the station whose connection called it', async () => {
  const blueprint = new StationBlueprint([whoAmI]);
  const a = boot(blueprint, 'CP-A');
  const b = boot(blueprint, 'CP-B');
  await a.clock.advance(0); await b.clock.advance(0);
  assert.equal((await a.csms.call('DataTransfer', { vendorId: 'x' })).data, 'CP-A');
  assert.equal((await b.csms.call('DataTransfer', { vendorId: 'x' })).data, 'CP-B');
});

test('the profile\'s rules apply in the blueprint: not accepted → CALLERROR NotSupported, listed as unsupported → its fixed answer, never sent → TriggerMessage NotImplemented', async () => {
  const rules: OperationRules = {
    accepts: (action) => action === 'TriggerMessage' || action === 'DataTransfer',
    sends: (action) => action !== 'Heartbeat',
    notSupportedAnswers: new Map<CsAction, Handler<CsAction>>([['UnlockConnector', (() => ({ status: 'NotSupported' })) as unknown as Handler<CsAction>]]),
  };
  const { clock, csms, sent } = boot(new StationBlueprint([whoAmI, triggerMessage, clearCache], rules), 'CP-R');
  await clock.advance(0);
  assert.equal(await callError(csms.call('ClearCache', {})), 'NotSupported', 'a handler the profile does not accept is not installed');
  assert.equal((await csms.call('UnlockConnector', { connectorId: 1 })).status, 'NotSupported');
  assert.equal((await csms.call('TriggerMessage', { requestedMessage: 'Heartbeat' })).status, 'NotImplemented');
  assert.equal((await csms.call('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 })).status, 'Accepted');
  await clock.advance(0);
  assert.equal(sent.filter((s) => s === 'Heartbeat').length, 0);
});

test('a shared handler whose feature the builder did not install answers CALLERROR InternalError, and the station goes on answering', async () => {
  const { clock, csms } = boot(new StationBlueprint([whoAmI, clearCache]), 'CP-M');
  await clock.advance(0);
  assert.equal(await callError(csms.call('ClearCache', {})), 'InternalError');
  assert.equal((await csms.call('DataTransfer', { vendorId: 'x' })).data, 'CP-M');
});

test('a handler registered on one station only (handle) joins that station\'s table, not the shared one', async () => {
  const blueprint = new StationBlueprint([whoAmI]);
  const a = boot(blueprint, 'CP-1');
  const b = boot(blueprint, 'CP-2');
  a.station.context.handle('ClearCache', () => ({ status: 'Rejected' }));
  await a.clock.advance(0); await b.clock.advance(0);
  assert.equal((await a.csms.call('ClearCache', {})).status, 'Rejected');
  assert.equal(await callError(b.csms.call('ClearCache', {})), 'NotSupported');
  assert.equal((await a.csms.call('DataTransfer', { vendorId: 'x' })).data, 'CP-1', 'the shared handlers still answer for it');
});
