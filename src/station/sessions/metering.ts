/**
 * The meter values of one station's sessions (OCPP 1.6 §4.7, §9.1): a sample of each running transaction
 * every SampledDataInterval, clock-aligned samples every AlignedDataInterval (of every connector, with
 * or without a transaction), and the transaction data StopTransaction carries (SampledDataTxEnded /
 * AlignedDataTxEnded). Intervals follow configuration changes at once. A timer never throws: a failed
 * sample is logged and the timer stays armed.
 */
import type { TimerId } from '../../shared/clock.ts';
import { meterValue, nextAlignedInstant, type ReadingContext } from './meter-values.ts';
import { MAX_TX_DATA, type ConnectorData } from './session-state.ts';
import type { Sessions } from './sessions.ts';

export class Metering {
  readonly #s: Sessions;
  #alignedTimer: TimerId | undefined;

  constructor(s: Sessions) { this.#s = s; }

  /** Follows the metering intervals at once (a configuration listener of the station). */
  configChanged(key: string): void {
    if (key === 'SampledDataInterval') this.rearmSamplers();
    if (key === 'AlignedDataInterval') this.armAligned();
  }

  /** (Re)arms the periodic sampler of a connector's running transaction. */
  armSampler(c: ConnectorData): void {
    const s = this.#s;
    const { clock, config } = s.ctx;
    const live = s.live(c.id);
    clock.clearTimeout(live.sampler);
    const interval = config.int('SampledDataInterval');
    if (!(interval > 0) || !c.tx) return;
    live.sampler = clock.setTimeout(() => {
      if (!c.tx) return;
      this.#guarded('periodic meter sample', () => {
        s.integrate(c);
        s.recompute(c);
        this.addTxData(c, 'Sample.Periodic');
        s.atomically(() => {
          s.save();
          this.#sendTx(c, 'Sample.Periodic', config.str('SampledData'));
        });
      });
      this.armSampler(c);
    }, interval * 1000);
  }

  rearmSamplers(): void { for (const c of this.#s.state.connectors) if (c.tx) this.armSampler(c); }

  /** (Re)arms the clock-aligned sampler. */
  armAligned(): void {
    const s = this.#s;
    const { clock, config, uplink } = s.ctx;
    clock.clearTimeout(this.#alignedTimer);
    const interval = config.int('AlignedDataInterval');
    if (!(interval > 0)) return;
    const now = clock.now();
    this.#alignedTimer = clock.setTimeout(() => {
      this.#guarded('clock-aligned meter sample', () => {
        for (const c of s.state.connectors) {
          s.integrate(c);
          if (c.tx) { this.#sendTx(c, 'Sample.Clock', config.str('AlignedData')); this.addTxData(c, 'Sample.Clock'); }
          else if (uplink.online) {
            const mv = meterValue(clock.now(), s.reading(c), config.str('AlignedData').split(',').filter(Boolean), 'Sample.Clock');
            // Not a transaction message: behind a slow central system a newer sample replaces a waiting one (D11).
            uplink.call('MeterValues', { connectorId: c.id, meterValue: [mv] }, { coalesce: `aligned:${c.id}` }).catch(() => {});
          }
        }
        s.save();
      });
      this.armAligned();
    }, nextAlignedInstant(now, interval) - now);
  }

  /** Adds a reading to the transaction data StopTransaction will carry (bounded; Transaction.Begin kept). */
  addTxData(c: ConnectorData, context: ReadingContext): void {
    if (!c.tx) return;
    const { clock, config } = this.#s.ctx;
    const measurands = context === 'Sample.Clock' ? config.str('AlignedDataTxEnded') : config.str('SampledDataTxEnded');
    const list = measurands.split(',').filter(Boolean);
    if (list.length === 0) return;
    c.tx.txData.push(meterValue(clock.now(), this.#s.reading(c), list, context));
    if (c.tx.txData.length > MAX_TX_DATA) c.tx.txData.splice(1, 1); // keep Transaction.Begin, drop the oldest periodic
  }

  dispose(): void { this.#s.ctx.clock.clearTimeout(this.#alignedTimer); }

  /** A transaction's MeterValues, through the durable transaction queue. */
  #sendTx(c: ConnectorData, context: ReadingContext, measurands: string): void {
    if (!c.tx) return;
    const mv = meterValue(this.#s.ctx.clock.now(), this.#s.reading(c), measurands.split(',').filter(Boolean), context);
    void this.#s.o.delivery.submit('MeterValues', { connectorId: c.id, transactionId: c.tx.transactionId ?? 0, meterValue: [mv] }, c.tx.txRef).catch(() => {});
  }

  #guarded(what: string, fn: () => void): void {
    try { fn(); } catch (e) { this.#s.ctx.log.log('error', `${what} failed`, { error: String(e) }); }
  }
}
