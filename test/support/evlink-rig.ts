/**
 * An EVlink twin wired to a central-system-side RPC connection over the in-memory loopback, on a
 * simulated clock: the fastest way to drive a scenario and see every frame the station sends.
 */
import { createLoopbackPair, createRpcConnection, type LoopbackPair, type RpcConnection } from '../../src/rpc/index.ts';
import { SimulatedClock } from '../../src/shared/simulated-clock.ts';
import { buildEvlinkStation, type EvlinkBuilderOptions } from '../../src/runtime/evlink-station.ts';
import type { Station } from '../../src/station/station.ts';

export interface Sent { action: string; payload: Record<string, unknown>; at: number }

export interface EvlinkRig {
  clock: SimulatedClock;
  station: Station;
  pair: LoopbackPair;
  /** Station controls (cable, EV, badge, faults...). */
  controls: Station['context']['controls'];
  /** Actions sent by the station, in order. */
  actions(filter?: string): string[];
  /** Status of a connector as last reported in a StatusNotification. */
  reported(connectorId: number): string[];
  csms: RpcConnection<'CentralSystem'>;
  sent: Sent[];
  reboots: string[];
  /** Lets queued frames and promise chains run. */
  settle(): Promise<void>;
}

type TagInfo = { status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx'; parentIdTag?: string; expiryDate?: string };

export interface RigOptions extends EvlinkBuilderOptions {
  id?: string;
  model?: string;
  tags?: Record<string, TagInfo>;
  /** Forces the idTagInfo of every StartTransaction.conf. */
  startIdTagInfo?: TagInfo;
  /** Reuse a builder (and so its durable state) to simulate a reboot. */
  build?: ReturnType<typeof buildEvlinkStation>;
  clock?: SimulatedClock;
}

export async function evlinkRig(options: RigOptions = {}): Promise<EvlinkRig> {
  const clock = options.clock ?? new SimulatedClock(Date.UTC(2026, 2, 2, 8, 0, 0));
  const pair = createLoopbackPair();
  const sent: Sent[] = [];
  const reboots: string[] = [];
  const csms = createRpcConnection<'CentralSystem'>({ transport: pair.b, role: 'CentralSystem', clock });
  const record = (action: string) => (payload: unknown) => { sent.push({ action, payload: payload as Record<string, unknown>, at: clock.now() }); };
  const now = () => new Date(clock.now()).toISOString();
  csms.handle('BootNotification', (p) => { record('BootNotification')(p); return { status: 'Accepted', currentTime: now(), interval: 300 }; });
  csms.handle('StatusNotification', (p) => { record('StatusNotification')(p); return {}; });
  csms.handle('Heartbeat', (p) => { record('Heartbeat')(p); return { currentTime: now() }; });
  csms.handle('DataTransfer', (p) => { record('DataTransfer')(p); return { status: 'Accepted' }; });
  const tags = options.tags ?? { EVLINK: { status: 'Accepted' }, FREE: { status: 'Accepted' }, 'TAG-1': { status: 'Accepted' }, 'TAG-2': { status: 'Accepted', parentIdTag: 'FLEET' }, 'TAG-3': { status: 'Accepted', parentIdTag: 'FLEET' }, 'TAG-BAD': { status: 'Invalid' } };
  const lookup = (t: string) => tags[t] ?? { status: 'Invalid' as const };
  let nextTx = 100;
  csms.handle('Authorize', (p) => { record('Authorize')(p); return { idTagInfo: lookup(p.idTag) }; });
  csms.handle('StartTransaction', (p) => { record('StartTransaction')(p); return { transactionId: nextTx++, idTagInfo: options.startIdTagInfo ?? lookup(p.idTag) }; });
  csms.handle('StopTransaction', (p) => { record('StopTransaction')(p); return p.idTag ? { idTagInfo: lookup(p.idTag) } : {}; });
  csms.handle('MeterValues', (p) => { record('MeterValues')(p); return {}; });
  const build = options.build ?? buildEvlinkStation(options);
  const station = build({ id: options.id ?? 'EVB-T', ...(options.model ? { model: options.model } : {}) }, { reboot: (k) => { reboots.push(k); } }, clock);
  station.attach(createRpcConnection<'ChargePoint'>({ transport: pair.a, role: 'ChargePoint', clock }));
  const settle = () => clock.advance(0);
  await settle();
  return {
    clock, station, csms, sent, reboots, settle, pair, controls: station.context.controls,
    actions: (filter) => sent.map((x) => x.action).filter((a) => !filter || a === filter),
    reported: (id) => sent.filter((x) => x.action === 'StatusNotification' && x.payload.connectorId === id).map((x) => String(x.payload.status)),
  };
}

/** The last element (e.g. the last status reported for a connector). */
export const last = <T>(xs: T[]): T => xs[xs.length - 1]!;

/** Plugs a cable into connector 1 and lets the EV ask for energy (free charging starts a session). */
export async function startCharging(r: EvlinkRig): Promise<void> {
  r.controls.plugIn!(1);
  r.controls.evRequestsEnergy!(1, true);
  await r.settle();
}

