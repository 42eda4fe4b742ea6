/**
 * GET /metrics: the fleet in the Prometheus text exposition format 0.0.4. Counters come from the fleet's
 * FleetMetrics (incremented per frame); gauges, the queue's drops and the energy registers are read from
 * the stations when scraped, so nothing is kept per station for them; what removed stations had counted
 * is added from FleetMetrics.retired, so no counter goes down when a station leaves. Names and labels are listed, with
 * their meaning, in docs/control-api.md ("Metrics"); they are stable.
 */
import type { Fleet } from '../fleet/index.ts';
import type { TxQueueControls } from '../station/tx-delivery.ts';
import { LATENCY_BUCKETS_S, stationCounters, type FleetMetrics, type Histogram } from '../fleet/fleet-metrics.ts';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const REGISTRATIONS = ['Unregistered', 'Pending', 'Accepted', 'Rejected'];
const LINKS = ['stopped', 'connecting', 'open', 'waiting', 'network-down', 'powered-off'];
const STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted'];

/** A label value as the format wants it: backslash, double quote and line feed escaped. */
export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A sample value: integers as they are, +Inf/-Inf/NaN spelt as the format spells them. */
function value(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

type Labels = Array<[string, string]>;

class Exposition {
  readonly lines: string[] = [];
  family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string): void {
    this.lines.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`);
  }
  sample(name: string, labels: Labels, v: number): void {
    const l = labels.length ? `{${labels.map(([k, x]) => `${k}="${escapeLabel(x)}"`).join(',')}}` : '';
    this.lines.push(`${name}${l} ${value(v)}`);
  }
  /** A counter or gauge whose map keys are label values joined by "\u0000", sorted for a stable order. */
  fromMap(name: string, labelNames: string[], map: ReadonlyMap<string, number>): void {
    for (const key of [...map.keys()].sort()) {
      const parts = key.split('\u0000');
      this.sample(name, labelNames.map((k, i) => [k, parts[i] ?? '']), map.get(key)!);
    }
  }
  histogram(name: string, labels: Labels, h: Histogram): void {
    let cumulative = 0;
    LATENCY_BUCKETS_S.forEach((le, i) => { cumulative += h.counts[i]!; this.sample(`${name}_bucket`, [...labels, ['le', String(le)]], cumulative); });
    this.sample(`${name}_bucket`, [...labels, ['le', '+Inf']], h.count);
    this.sample(`${name}_sum`, labels, h.sum);
    this.sample(`${name}_count`, labels, h.count);
  }
}

/** What is read from the stations at scrape time, in one pass over the fleet. */
function scan(fleet: Fleet): { stations: Map<string, number>; connectors: Map<string, number>; queued: number; dropped: { bound: number; afterAttempts: number }; energyWh: number } {
  const stations = new Map<string, number>();
  for (const r of REGISTRATIONS) for (const l of LINKS) stations.set(`${r}\u0000${l}`, 0);
  const connectors = new Map<string, number>(STATUSES.map((s) => [s, 0]));
  let queued = 0;
  const { retired } = fleet.metrics;
  const dropped = { bound: retired.droppedBound, afterAttempts: retired.droppedAfterAttempts };
  let energyWh = retired.energyWh;
  for (const m of fleet.list()) {
    const st = m.station;
    const key = `${st.registration}\u0000${m.runtime.link}`;
    stations.set(key, (stations.get(key) ?? 0) + 1);
    const all = st.context.status.all();
    for (let c = 1; c < all.length; c++) connectors.set(all[c]!.status, (connectors.get(all[c]!.status) ?? 0) + 1);
    queued += (st.context.controls as Partial<TxQueueControls>).transactionQueue?.().length ?? 0;
    const c = fleet.metrics.sinceJoin(m.spec.id, stationCounters(st));
    dropped.bound += c.droppedBound;
    dropped.afterAttempts += c.droppedAfterAttempts;
    energyWh += c.energyWh;
  }
  return { stations, connectors, queued, dropped, energyWh };
}

/** The whole exposition of one scrape. */
export function renderMetrics(fleet: Fleet): string {
  const m: FleetMetrics = fleet.metrics;
  const now = scan(fleet);
  const out = new Exposition();
  out.family('chargetwin_stations', 'gauge', 'Twins of this process by registration (BootNotification outcome) and link state.');
  out.fromMap('chargetwin_stations', ['registration', 'link'], now.stations);
  out.family('chargetwin_connectors', 'gauge', 'Connectors (id 1 and up) of every twin by their last ChargePointStatus.');
  out.fromMap('chargetwin_connectors', ['status'], now.connectors);
  out.family('chargetwin_frames_total', 'counter', 'OCPP-J frames by direction (sent = station to central system), message type and action (answers carry their call\'s action).');
  out.fromMap('chargetwin_frames_total', ['direction', 'type', 'action'], m.frames);
  out.family('chargetwin_callerrors_total', 'counter', 'CALLERROR frames by direction, the action of the call they answer, and OCPP-J error code.');
  out.fromMap('chargetwin_callerrors_total', ['direction', 'action', 'code'], m.callErrors);
  out.family('chargetwin_call_duration_seconds', 'histogram', 'Real time from a call the station sent to its CALLRESULT or CALLERROR, by action.');
  for (const action of [...m.callLatency.keys()].sort()) out.histogram('chargetwin_call_duration_seconds', [['action', action]], m.callLatency.get(action)!);
  out.family('chargetwin_transaction_queue_messages', 'gauge', 'Transaction messages waiting in the twins\' queues for the central system.');
  out.sample('chargetwin_transaction_queue_messages', [], now.queued);
  out.family('chargetwin_transaction_queue_dropped_total', 'counter', 'Transaction messages the twins\' queues dropped: MeterValues at the bound, or any message after its attempts.');
  out.sample('chargetwin_transaction_queue_dropped_total', [['reason', 'bound']], now.dropped.bound);
  out.sample('chargetwin_transaction_queue_dropped_total', [['reason', 'attempts']], now.dropped.afterAttempts);
  out.family('chargetwin_sessions_started_total', 'counter', 'Charging sessions started: StartTransaction requests sent (a retransmission counts once).');
  out.sample('chargetwin_sessions_started_total', [], m.sessionsStarted);
  out.family('chargetwin_sessions_stopped_total', 'counter', 'Charging sessions stopped: StopTransaction requests sent, by reason (none given = Local).');
  out.fromMap('chargetwin_sessions_stopped_total', ['reason'], m.sessionsStopped);
  out.family('chargetwin_sessions_failed_total', 'counter', 'Charging sessions the central system refused: StartTransaction answered with an idTagInfo status other than Accepted, by status.');
  out.fromMap('chargetwin_sessions_failed_total', ['status'], m.sessionsFailed);
  out.family('chargetwin_energy_delivered_watt_hours_total', 'counter', 'Sum of the energy registers (Energy.Active.Import.Register, Wh) of every connector of every twin of this process.');
  out.sample('chargetwin_energy_delivered_watt_hours_total', [], Math.round(now.energyWh));
  return `${out.lines.join('\n')}\n`;
}
