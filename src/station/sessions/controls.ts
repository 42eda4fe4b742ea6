/**
 * The physical controls of the sessions: cable, EV, badge reader, stop button, vendor faults, local
 * availability and the installer's local list. Each maps to state-machine events.
 */
import { TwinError } from '../../shared/errors.ts';
import type { ControlSurface, EvSettings, LocalListEntry, PlugOptions } from '../control-surface.ts';
import type { QueuedTxMessage, TxQueueControls, TxQueueView } from '../tx-delivery.ts';
import type { Sessions } from './sessions.ts';
import { authorizeTag, mayStop } from './authorize-flow.ts';
import { sessionsView } from './sessions-view.ts';

/**
 * One station's controls: a class over its Sessions (a fleet holds thousands; methods live once on the
 * prototype). Callers that take a method off it bind it to the instance (api/route.ts, sdk.ts).
 */
export class SessionControls implements ControlSurface, TxQueueControls {
  readonly #s: Sessions;
  constructor(s: Sessions) { this.#s = s; }

  plugIn(id: number, options: PlugOptions = {}): void {
    const s = this.#s;
    // The cable and the EV's request arrive together, so a session that starts now starts Charging.
    const requesting = options.requesting ?? s.connector(id).ev.socPercent < 100;
    s.dispatch(id, { type: 'CablePlugged', evRequesting: requesting });
    this.#presence(id, true);
    s.startFreeChargingIfDue(s.connector(id));
  }

  unplug(id: number): void {
    this.#s.dispatch(id, { type: 'CableUnplugged' });
    this.#presence(id, false);
  }

  setEv(id: number, ev: Partial<EvSettings>): void { this.#s.setEv(id, ev); }

  evRequestsEnergy(id: number, requesting: boolean): void {
    const c = this.#s.connector(id);
    // A level, not an edge: the EV already in that state changes nothing (without an EV it is illegal).
    if (c.fsm.plugged && c.fsm.evRequesting === requesting) return;
    this.#s.dispatch(id, { type: requesting ? 'EvRequestsEnergy' : 'EvStopsRequesting' });
  }

  async presentBadge(idTag: string, connectorId?: number): Promise<{ accepted: boolean; reason?: string }> {
    const s = this.#s;
    const running = s.state.connectors.find((c) => c.tx && (connectorId === undefined || c.id === connectorId));
    if (running?.tx) {
      if (await mayStop(s, idTag, running.tx)) { await s.stop(running.id, 'Local', idTag); return { accepted: true, reason: 'stopped' }; }
      if (connectorId !== undefined) return { accepted: false, reason: 'not the idTag of the running transaction' };
    }
    const target = connectorId !== undefined ? s.connector(connectorId)
      : s.state.connectors.find((c) => !c.tx && c.fsm.plugged && !c.fsm.authorized) ?? s.state.connectors.find((c) => !c.tx && !c.fsm.authorized && !c.fsm.faulted && c.fsm.operative);
    if (!target) return { accepted: false, reason: 'no connector free' };
    if (target.tx) return { accepted: false, reason: 'a transaction is running' };
    // Out of service until the pending firmware is installed: the reader refuses without asking the CSMS.
    if (target.fsm.installPending) return { accepted: false, reason: 'connector unavailable: a firmware installation is pending' };
    const outcome = await authorizeTag(s, idTag, target);
    if (!outcome.accepted) return { accepted: false, reason: outcome.reason ?? 'rejected' };
    s.authorize(target.id, idTag, outcome.info.parentIdTag);
    return { accepted: true };
  }

  pressStop(id: number): void {
    const c = this.#s.connector(id);
    if (!c.tx) throw new TwinError('TWIN_ERR_NO_TRANSACTION', `no transaction runs on connector ${id}`);
    void this.#s.stop(id, 'Local');
  }

  raiseError(code: string, id: number): void {
    const s = this.#s;
    const def = s.o.vendorErrors.find((e) => e.code === code);
    if (!def) throw new TwinError('TWIN_ERR_UNKNOWN_VENDOR_ERROR', `unknown vendor error code ${code}`);
    if (def.scope === 'station' || id === 0) {
      if (!s.state.stationFaults.includes(code)) s.state.stationFaults.push(code);
      s.publishStation();
      for (const c of s.state.connectors) {
        s.publish(c.id);
        // A station-wide fault de-energises every outlet; the guide entry says whether it ends transactions.
        if (def.faults) { s.integrate(c); s.recompute(c); }
        if (def.stopReason && c.tx) void s.stop(c.id, def.stopReason);
      }
    } else {
      const c = s.connector(id);
      if (!c.faults.includes(code)) c.faults.push(code);
      if (def.faults && !c.fsm.faulted) s.dispatch(id, { type: 'FaultRaised', stopReason: def.stopReason });
      else {
        s.publish(id);
        if (def.stopReason && c.tx) void s.stop(id, def.stopReason);
      }
    }
    s.save();
  }

  clearError(code: string, id: number): void {
    const s = this.#s;
    if (s.state.stationFaults.includes(code)) {
      s.state.stationFaults = s.state.stationFaults.filter((f) => f !== code);
      s.publishStation();
      for (const c of s.state.connectors) { s.publish(c.id); s.integrate(c); s.recompute(c); }
    } else if (id > 0) {
      const c = s.connector(id);
      c.faults = c.faults.filter((f) => f !== code);
      const stillFaulted = c.faults.some((f) => s.o.vendorErrors.find((e) => e.code === f)?.faults);
      if (c.fsm.faulted && !stillFaulted) s.dispatch(id, { type: 'FaultCleared' });
      else s.publish(id);
    }
    s.save();
  }

  setAvailability(id: number, operative: boolean): void {
    const s = this.#s;
    if (id === 0) { s.state.stationOperative = operative; s.publishStation(); for (const c of s.state.connectors) s.publish(c.id); s.save(); return; }
    s.dispatch(id, { type: operative ? 'MadeOperative' : 'MadeInoperative' });
  }

  getLocalList(): { version: number; entries: LocalListEntry[] } { return structuredClone(this.#s.auth.state.localList); }
  setLocalList(entries: LocalListEntry[], version?: number): void { this.#s.auth.setLocalList(entries, version); }
  state(): Record<string, unknown> { return sessionsView(this.#s); }
  transactionQueue(): TxQueueView { return this.#s.o.delivery.view(); }
  queuedTransactionMessages(): QueuedTxMessage[] { return this.#s.o.delivery.queuedStartsAndStops(); }

  /** The guide's EV presence DataTransfer (when EvPresenceNotification is on and the station is online). */
  #presence(connectorId: number, present: boolean): void {
    const ctx = this.#s.ctx;
    if (!ctx.config.bool('EvPresenceNotification') || !ctx.uplink.online) return;
    ctx.uplink.call('DataTransfer', { vendorId: this.#s.o.vendorId, messageId: 'EvPresence', data: JSON.stringify({ connectorId, evPresent: present }) })
      .catch((e: unknown) => ctx.log.log('warn', 'EV presence notification not delivered', { error: String(e) }));
  }
}
