/**
 * What the embedded central system answers to each charge-point-initiated action, unless a scenario
 * overrides it. Each answer also updates the CSMS's records (boot info, statuses, the ledger).
 */
import type { Handler, RpcConnection } from '../rpc/index.ts';
import type { ActionName } from '../ocpp/index.ts';
import { wireClock, type ClockText, type Clock } from '../shared/clock.ts';
import type { StationRecord } from './central-system.ts';
import type { TagList } from './tag-list.ts';
import type { TransactionLedger } from './transaction-ledger.ts';

export interface CsmsHandlerContext {
  stationId: string;
  rec: StationRecord;
  clock: Clock;
  tags: TagList;
  ledger: TransactionLedger;
  overrides: Map<string, Handler<never>>;
  heartbeatInterval: number;
  /** Every answer waits this long on the wire clock (a slow central system); 0 answers at once. */
  answerDelayMs: number;
  /** Answers already given to transaction messages, by station and message id (shared by the CSMS). */
  answered: Map<string, unknown>;
  /** The CSMS clock's now as ISO text (shared by the CSMS, formatted once per instant). */
  timeText: ClockText;
}

export function registerDefaultHandlers(conn: RpcConnection<'CentralSystem'>, ctx: CsmsHandlerContext): void {
  const { clock, tags, ledger, rec, stationId } = ctx;
  const now = (): string => ctx.timeText.now();
  const withOverride = <A extends ActionName>(action: A, record: (req: never) => void, fallback: Handler<A>): Handler<A> =>
    (req, hctx, target) => {
      record(req as never);
      const o = ctx.overrides.get(action) as Handler<A> | undefined;
      const answer = (): ReturnType<Handler<A>> => (o ? o(req, hctx, target) : fallback(req, hctx, target));
      if (!(ctx.answerDelayMs > 0)) return answer();
      return new Promise((resolve, reject) => {
        wireClock(clock).setTimeout(() => { try { resolve(answer()); } catch (e) { reject(e); } }, ctx.answerDelayMs);
      }) as ReturnType<Handler<A>>;
    };
  const h = conn.handle.bind(conn) as (a: ActionName, fn: Handler<ActionName>) => void;
  const on = <A extends ActionName>(action: A, record: (req: never) => void, fallback: Handler<A>): void =>
    h(action, withOverride(action, record, fallback) as unknown as Handler<ActionName>);

  on('BootNotification', (req) => { rec.boot = req; rec.bootCount++; },
    () => ({ status: 'Accepted', currentTime: now(), interval: ctx.heartbeatInterval }));
  on('Heartbeat', () => { rec.lastHeartbeatAt = clock.now(); }, () => ({ currentTime: now() }));
  on('StatusNotification', (req: { connectorId: number }) => { rec.statuses.set(req.connectorId, req as never); }, () => ({}));
  on('Authorize', () => {}, (req) => ({ idTagInfo: tags.lookup(req.idTag) }));
  // Transaction messages are idempotent per message id: a retransmission (same id, e.g. after the answer
  // was lost in a crash) gets the first answer again and is not recorded twice.
  const answered = ctx.answered;
  const once = <T>(messageId: string, fn: () => T): T => {
    const key = `${stationId}\u0000${messageId}`;
    if (answered.has(key)) return answered.get(key) as T;
    const conf = fn();
    answered.set(key, conf);
    if (answered.size > 100_000) answered.delete(answered.keys().next().value as string);
    return conf;
  };
  on('StartTransaction', () => {}, (req, h) => once(h.messageId, () => {
    const tx = ledger.start(stationId, req, clock.now());
    return { transactionId: tx.transactionId, idTagInfo: tags.lookup(req.idTag) };
  }));
  on('StopTransaction', () => {}, (req, h) => once(h.messageId, () => {
    ledger.stop(stationId, req, clock.now());
    return req.idTag !== undefined ? { idTagInfo: tags.lookup(req.idTag) } : {};
  }));
  on('MeterValues', () => {}, (req, h) => once(h.messageId, () => { ledger.meterValues(stationId, req, clock.now()); return {}; }));
  on('DataTransfer', () => {}, () => ({ status: 'Accepted' }));
  on('DiagnosticsStatusNotification', () => {}, () => ({}));
  on('FirmwareStatusNotification', () => {}, () => ({}));
}
