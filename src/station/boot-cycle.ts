/**
 * Registration with the central system, OCPP 1.6 §4.2 BootNotification: after every (re)boot the station
 * sends BootNotification and may send nothing else until it is Accepted. Pending and Rejected wait the
 * confirmation's `interval` (or the guide's ResendBootNotificationInterval when that is 0) and try again.
 * A reconnect without a reboot does not register again (§4.2 speaks of start-up); statuses are resent.
 */
import type { BootNotificationConf, BootNotificationReq } from '../ocpp/index.ts';
import type { Clock, TimerId } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { StationEvents } from './station-events.ts';

export type Registration = 'Unregistered' | 'Pending' | 'Accepted' | 'Rejected';

export interface BootCycleContext {
  clock: Clock;
  events: StationEvents;
  log: Logger;
  bootRequest(): BootNotificationReq;
  sendBoot(req: BootNotificationReq): Promise<BootNotificationConf>;
  /** Seconds to wait before resending when the CSMS gave no interval or did not answer. */
  bootResendIntervalS(): number;
  /** Applies the heartbeat interval the CSMS chose. */
  applyHeartbeatInterval(seconds: number): void;
}

/** Fallback wait (s) when neither the CSMS nor ResendBootNotificationInterval gives one. */
export const DEFAULT_BOOT_RETRY_S = 60;

export class BootCycle {
  #ctx: BootCycleContext;
  #state: Registration = 'Unregistered';
  #timer: TimerId | undefined;
  #online = false;
  /** Bumped on every disconnect so answers of an old connection are ignored. */
  #epoch = 0;
  lastConf: BootNotificationConf | undefined;

  constructor(ctx: BootCycleContext) { this.#ctx = ctx; }

  get registration(): Registration { return this.#state; }

  /** The socket is up: register if this power cycle has not been accepted yet. */
  onConnected(): void {
    this.#online = true;
    if (this.#state === 'Accepted') {
      this.#ctx.events.emit('accepted', {});
      return;
    }
    this.#send();
  }

  onDisconnected(): void {
    this.#online = false;
    this.#epoch++;
    this.#ctx.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** A reboot: the next connection registers again. */
  reset(): void {
    this.onDisconnected();
    this.#state = 'Unregistered';
  }

  /** TriggerMessage(BootNotification) (§5.17): send it again now, whatever the state. */
  trigger(): void {
    this.#ctx.clock.clearTimeout(this.#timer);
    this.#send();
  }

  #retryIn(seconds: number): void {
    const wait = seconds > 0 ? seconds : this.#ctx.bootResendIntervalS() > 0 ? this.#ctx.bootResendIntervalS() : DEFAULT_BOOT_RETRY_S;
    this.#ctx.clock.clearTimeout(this.#timer);
    this.#timer = this.#ctx.clock.setTimeout(() => { this.#timer = undefined; this.#send(); }, wait * 1000);
  }

  #send(): void {
    if (!this.#online) return;
    const epoch = this.#epoch;
    this.#ctx.sendBoot(this.#ctx.bootRequest()).then((conf) => {
      if (epoch !== this.#epoch) return;
      this.lastConf = conf;
      const wasAccepted = this.#state === 'Accepted';
      this.#state = conf.status;
      this.#ctx.events.emit('changed', { what: 'registration' });
      if (conf.status === 'Accepted') {
        if (conf.interval > 0) this.#ctx.applyHeartbeatInterval(conf.interval);
        if (!wasAccepted) this.#ctx.events.emit('accepted', {});
      } else {
        this.#retryIn(conf.interval);
      }
    }, (e: unknown) => {
      if (epoch !== this.#epoch) return;
      this.#ctx.log.log('warn', 'BootNotification failed; retrying', { error: String(e) });
      this.#retryIn(0);
    });
  }
}
