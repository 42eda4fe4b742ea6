/**
 * The fleet's counters for /metrics, kept per process on the fleet object (no module-level state): OCPP
 * frames by direction, message type and action, CALLERRORs by code, the latency of the station's own
 * calls, and charging sessions started, stopped and refused. Everything else the metrics show (stations
 * by registration and link, connectors by status, queue depth, queue drops, energy) is read from the
 * stations when scraped (api/metrics.ts). The counters among those (queue drops, energy) are sums over the
 * stations present, so what a removed station had counted is kept here (`retired`): a Prometheus counter
 * must never go down, and a station leaving is not a reset of the fleet.
 *
 * Cost per frame, for fleets of 10,000 twins: one anchored regular expression over the frame's head
 * (type, message id, action or error code), a map increment, and for the station's calls one clock
 * read. Payloads are parsed only for StartTransaction and StopTransaction (a few per session). Label
 * values are bounded: an action that is not an OCPP 1.6 action and an error code that is not a 1.6
 * code are counted as "other", so a hostile central system cannot grow the maps.
 */
import { ACTIONS, RPC_ERROR_CODES } from '../ocpp/index.ts';
import type { Station } from '../station/station.ts';
import type { TxQueueControls } from '../station/tx-delivery.ts';

export type MetricDirection = 'sent' | 'received';
/** OCPP-J message types (2, 3, 4), and frames that are none of them. */
export type MessageKind = 'CALL' | 'CALLRESULT' | 'CALLERROR' | 'invalid';

/** Upper bounds of the call-latency histogram, seconds (Prometheus' `le`). */
export const LATENCY_BUCKETS_S: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class Histogram {
  /** Observations per bucket (not cumulative); the last slot is +Inf. */
  readonly counts = new Array<number>(LATENCY_BUCKETS_S.length + 1).fill(0);
  sum = 0;
  count = 0;
  observe(v: number): void {
    let i = 0;
    while (i < LATENCY_BUCKETS_S.length && v > LATENCY_BUCKETS_S[i]!) i++;
    this.counts[i]!++;
    this.sum += v;
    this.count++;
  }
}

const HEAD = /^\s*\[\s*([234])\s*,\s*"((?:[^"\\]|\\.)*)"\s*,\s*(?:"((?:[^"\\]|\\.)*)")?/;
const KIND: Record<string, MessageKind> = { 2: 'CALL', 3: 'CALLRESULT', 4: 'CALLERROR' };
const knownAction = (a: string): string => (Object.hasOwn(ACTIONS, a) ? a : 'other');
const knownCode = (c: string): string => ((RPC_ERROR_CODES as readonly string[]).includes(c) ? c : 'other');
/** Real time in seconds: latency is the network's and the peer's, whatever the fleet clock's scale. */
const nowS = (): number => performance.now() / 1000;

function incr(map: Map<string, number>, key: string, by = 1): void { map.set(key, (map.get(key) ?? 0) + by); }

function payloadOf(text: string): Record<string, unknown> | undefined {
  try {
    const f = JSON.parse(text) as unknown[];
    const p = f[0] === 2 ? f[3] : f[2];
    return typeof p === 'object' && p !== null ? p as Record<string, unknown> : undefined;
  } catch { return undefined; }
}

/**
 * The counters /metrics reads from one station when scraped: its queue's drops and its energy registers,
 * each brought up to the scrape's instant (the physics otherwise updates a register at each change and
 * every minute of charging; a station that ends, removed or powered off, counts up to that instant too).
 */
export interface StationCounters { droppedBound: number; droppedAfterAttempts: number; energyWh: number }

export function stationCounters(st: Station): StationCounters {
  const q = (st.context.controls as Partial<TxQueueControls>).transactionQueue?.();
  let energyWh = 0;
  const sessions = st.context.parts.sessions;
  for (const c of sessions?.state.connectors ?? []) { sessions!.integrate(c); energyWh += c.energyWh; }
  return { droppedBound: q?.dropped.bound ?? 0, droppedAfterAttempts: q?.dropped.afterAttempts ?? 0, energyWh };
}

/** Counters of one process's fleet. Keys of the maps join label values with "\u0000". */
export class FleetMetrics {
  /** direction, kind, action → frames. */
  readonly frames = new Map<string, number>();
  /** direction, action, code → CALLERROR frames. */
  readonly callErrors = new Map<string, number>();
  /** action → latency of the station's calls (CALL sent to its CALLRESULT or CALLERROR received). */
  readonly callLatency = new Map<string, Histogram>();
  sessionsStarted = 0;
  /** StopTransaction reason → sessions stopped. */
  readonly sessionsStopped = new Map<string, number>();
  /** idTagInfo.status of a StartTransaction.conf other than Accepted → sessions refused. */
  readonly sessionsFailed = new Map<string, number>();

  /** What the stations removed from the fleet had counted (StationCounters), added to the present ones'. */
  readonly retired: StationCounters = { droppedBound: 0, droppedAfterAttempts: 0, energyWh: 0 };

  /**
   * What a station's counters held when it joined the fleet, for the stations that joined with counts
   * (a twin added again with its saved state: its energy register and queue drops come back with it, and
   * what it counted before it left is already in `retired`). Only non-zero entries are kept: a new twin
   * costs nothing here.
   */
  readonly #atJoin = new Map<string, StationCounters>();

  /** Notes a station's counters as it joins; from then on it counts what they grow by. */
  join(id: string, c: StationCounters): void {
    if (c.droppedBound > 0 || c.droppedAfterAttempts > 0 || c.energyWh > 0) this.#atJoin.set(id, { ...c });
    else this.#atJoin.delete(id);
  }

  /** What a station present in the fleet adds to the totals: its counters less what they held when it joined. */
  sinceJoin(id: string, c: StationCounters): StationCounters {
    const j = this.#atJoin.get(id);
    if (!j) return c;
    return { droppedBound: Math.max(0, c.droppedBound - j.droppedBound), droppedAfterAttempts: Math.max(0, c.droppedAfterAttempts - j.droppedAfterAttempts), energyWh: Math.max(0, c.energyWh - j.energyWh) };
  }

  /** A station leaves: what it counted since it joined moves to `retired`. */
  leave(id: string, c: StationCounters): void {
    this.retire(this.sinceJoin(id, c));
    this.#atJoin.delete(id);
  }

  /** Keeps what a leaving station counted; negative amounts (nothing can un-count) are ignored. */
  retire(c: StationCounters): void {
    this.retired.droppedBound += Math.max(0, c.droppedBound);
    this.retired.droppedAfterAttempts += Math.max(0, c.droppedAfterAttempts);
    this.retired.energyWh += Math.max(0, c.energyWh);
  }

  /** The per-station meter that feeds these counters (one per fleet member). */
  meter(): FrameMeter { return new FrameMeter(this); }
}

/**
 * Reads one station's frames into the fleet's counters. OCPP-J has one call in flight per direction, so
 * one slot per direction pairs an answer with its call (a late answer after a timeout is "unknown").
 */
export class FrameMeter {
  readonly #m: FleetMetrics;
  #outId: string | undefined;
  #outAction = '';
  #outAt = 0;
  #inId: string | undefined;
  #inAction = '';
  /** Message ids of the last StartTransaction and StopTransaction counted (a retransmission keeps its id). */
  #lastStart: string | undefined;
  #lastStop: string | undefined;

  constructor(m: FleetMetrics) { this.#m = m; }

  /** A frame of the station's connection: 'out' is station → central system. */
  frame(direction: 'in' | 'out', text: string): void {
    const dir: MetricDirection = direction === 'out' ? 'sent' : 'received';
    const head = HEAD.exec(text);
    if (!head) { incr(this.#m.frames, `${dir}\u0000invalid\u0000other`); return; }
    const kind = KIND[head[1]!]!;
    const id = head[2]!;
    let action: string;
    if (kind === 'CALL') {
      action = knownAction(head[3] ?? '');
      if (direction === 'out') {
        this.#outId = id; this.#outAction = action; this.#outAt = nowS();
        if (action === 'StartTransaction' && id !== this.#lastStart) { this.#lastStart = id; this.#m.sessionsStarted++; }
        if (action === 'StopTransaction' && id !== this.#lastStop) { this.#lastStop = id; incr(this.#m.sessionsStopped, String(payloadOf(text)?.reason ?? 'Local')); }
      } else {
        this.#inId = id; this.#inAction = action;
      }
    } else if (direction === 'in') {
      action = id === this.#outId ? this.#outAction : 'unknown';
      if (id === this.#outId) {
        this.#outId = undefined;
        let h = this.#m.callLatency.get(action);
        if (!h) this.#m.callLatency.set(action, (h = new Histogram()));
        h.observe(Math.max(0, nowS() - this.#outAt));
        if (action === 'StartTransaction' && kind === 'CALLRESULT') {
          const status = (payloadOf(text)?.idTagInfo as { status?: unknown } | undefined)?.status;
          if (typeof status === 'string' && status !== 'Accepted') incr(this.#m.sessionsFailed, status);
        }
      }
    } else {
      action = id === this.#inId ? this.#inAction : 'unknown';
      if (id === this.#inId) this.#inId = undefined;
    }
    incr(this.#m.frames, `${dir}\u0000${kind}\u0000${action}`);
    if (kind === 'CALLERROR') incr(this.#m.callErrors, `${dir}\u0000${action}\u0000${knownCode(head[3] ?? '')}`);
  }
}
