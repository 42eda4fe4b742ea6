/**
 * What the embedded central system answers to each charge-point-initiated action, unless a scenario
 * overrides it. Each answer also updates the CSMS's records (boot info, statuses, the ledger).
 *
 * One table per central system, shared by all its connections: each handler gets the connection's
 * `CsmsLink` (its station id and record) as its third argument, so a connection costs no closures and no
 * map of its own (decision D34).
 */
import type { Handler, HandlerContext, IncomingAction } from '../rpc/index.ts';
import { wireClock, type ClockText, type Clock } from '../shared/clock.ts';
import type { StationRecord } from './central-system.ts';
import type { TagList } from './tag-list.ts';
import type { TransactionLedger } from './transaction-ledger.ts';

/** What the handlers share: one per central system. */
export interface CsmsHandlerContext {
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

/** One connection as the handlers see it: the station it speaks for and that station's record. */
export interface CsmsLink {
  readonly stationId: string;
  readonly rec: StationRecord;
}

type CsmsAction = IncomingAction<'CentralSystem'>;
export type CsmsHandlerTable = ReadonlyMap<CsmsAction, Handler<CsmsAction, CsmsLink>>;

/** The default answers, as one table for every connection of a central system (`handleFrom(table, link)`). */
export function defaultHandlerTable(ctx: CsmsHandlerContext): CsmsHandlerTable {
  const { clock, tags, ledger } = ctx;
  const now = (): string => ctx.timeText.now();
  const table = new Map<CsmsAction, Handler<CsmsAction, CsmsLink>>();
  const on = <A extends CsmsAction>(action: A, record: (link: CsmsLink, req: never) => void, fallback: Handler<A, CsmsLink>): void => {
    const handler: Handler<A, CsmsLink> = (req, hctx, link) => {
      record(link, req as never);
      // An override is a scenario's own answer: it is called as before, without the link.
      const o = ctx.overrides.get(action) as Handler<A> | undefined;
      const answer = (): ReturnType<Handler<A>> => (o ? o(req, hctx, undefined) : fallback(req, hctx, link));
      if (!(ctx.answerDelayMs > 0)) return answer();
      return new Promise((resolve, reject) => {
        wireClock(clock).setTimeout(() => { try { resolve(answer()); } catch (e) { reject(e); } }, ctx.answerDelayMs);
      }) as ReturnType<Handler<A>>;
    };
    table.set(action, handler as unknown as Handler<CsmsAction, CsmsLink>);
  };
  const nothing = (): void => {};

  on('BootNotification', ({ rec }, req) => { rec.boot = req; rec.bootCount++; },
    () => ({ status: 'Accepted', currentTime: now(), interval: ctx.heartbeatInterval }));
  on('Heartbeat', ({ rec }) => { rec.lastHeartbeatAt = clock.now(); }, () => ({ currentTime: now() }));
  on('StatusNotification', ({ rec }, req: { connectorId: number }) => { rec.statuses.set(req.connectorId, req as never); }, () => ({}));
  on('Authorize', nothing, (req) => ({ idTagInfo: tags.lookup(req.idTag) }));
  // Transaction messages are idempotent per station and message id: a retransmission (same id, e.g. after
  // the answer was lost in a crash) gets the first answer again and is not recorded twice.
  const answered = ctx.answered;
  const once = <T>(link: CsmsLink, h: HandlerContext, fn: () => T): T => {
    const key = `${link.stationId}\u0000${h.messageId}`;
    if (answered.has(key)) return answered.get(key) as T;
    const conf = fn();
    answered.set(key, conf);
    if (answered.size > 100_000) answered.delete(answered.keys().next().value as string);
    return conf;
  };
  on('StartTransaction', nothing, (req, h, link) => once(link, h, () => {
    const tx = ledger.start(link.stationId, req, clock.now());
    return { transactionId: tx.transactionId, idTagInfo: tags.lookup(req.idTag) };
  }));
  on('StopTransaction', nothing, (req, h, link) => once(link, h, () => {
    ledger.stop(link.stationId, req, clock.now());
    return req.idTag !== undefined ? { idTagInfo: tags.lookup(req.idTag) } : {};
  }));
  on('MeterValues', nothing, (req, h, link) => once(link, h, () => { ledger.meterValues(link.stationId, req, clock.now()); return {}; }));
  on('DataTransfer', nothing, () => ({ status: 'Accepted' }));
  on('DiagnosticsStatusNotification', nothing, () => ({}));
  on('FirmwareStatusNotification', nothing, () => ({}));
  return table;
}

