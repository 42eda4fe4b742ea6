/**
 * `chargetwin <command>`: demo (embedded CSMS + one twin + live log), station (twins against any CSMS),
 * csms (the embedded central system alone).
 * Exit status: 0 done, 1 runtime failure, 2 usage error (one line on stderr).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { startCsms } from '../csms/index.ts';
import { createFleet, FLEET_FRAMES_PER_STATION, STATION_FRAMES, type Fleet, type FleetEvent } from '../fleet/index.ts';
import { ScaledClock } from '../platform/index.ts';
import { buildEvlinkStation } from '../runtime/evlink-station.ts';
import { databaseFile, defaultDataDir, ensureDataDir, lockStations, openDatabase, sqliteQueueStore, sqliteStationStore } from '../persistence/index.ts';
import { openFilesLimit, openFilesReport } from './open-files-limit.ts';
import { apiHostOption, apiTokenOption, authKeyOption, metricsPublicOption, idOption, intOption, modelOption, noPositionals, parse, stdio, stringOption, UsageError, type CliIo } from './args.ts';
import { consoleLogger } from './console-logger.ts';
import { formatFrame } from './frame-log.ts';
import { redactSecrets } from '../ocpp/secret-redaction.ts';
import { USAGE } from './usage.ts';
import { startControlApi } from '../api/server.ts';
import { isLoopbackHost } from '../api/request-admission.ts';
import { evlinkProAc } from '../station/profile/index.ts';
import { startDemo } from './demo.ts';
import { closestName } from './did-you-mean.ts';
import { listening } from './port-in-use.ts';
import { reportBoots } from './boot-report.ts';
import { compactAfterBoot } from './heap-compaction.ts';
import { configOption, connectorsOption, planStations, STATION_PLAN_OPTIONS } from './station-plan.ts';
import { dashboardTokenHint } from './dashboard-address.ts';
import { readSessionsFile } from './sessions-file.ts';
import { sessionGeneratorsOf } from '../fleet/session-generators.ts';
import { shardOption } from './shard-option.ts';
import { processesOption, runProcesses } from './multi-process.ts';
import { shardDataDir, UNSHARDED } from '../fleet/shard.ts';
import { HISTORY_OPTIONS, historyOption } from './history-option.ts';
import { FRAME_LOG_OPTIONS, frameLogOption } from './frame-log-option.ts';

const DEFAULT_TAGS = { 'TAG-0001': 'Accepted', 'TAG-0002': 'Accepted', 'TAG-BLOCKED': 'Blocked', EVLINK: 'Accepted' } as const;

export async function main(argv: string[], io: CliIo = stdio): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') { io.out(USAGE.main!); return 0; }
    if (command === '--version') { io.out(version()); return 0; }
    switch (command) {
      case 'demo': return await demo(rest, io);
      case 'station': return await station(rest, io);
      case 'csms': return await csmsOnly(rest, io);
      case 'run': {
        const { runCommand } = await import('./run-command.ts');
        return await runCommand(rest, io);
      }
      case 'ctl': {
        const { runCtl } = await import('./ctl.ts');
        return await runCtl(rest, io);
      }
      default: {
        const guess = closestName(command, ['demo', 'station', 'csms', 'ctl']);
        throw new UsageError(`unknown command "${command}" (${guess !== undefined ? `did you mean ${guess}? ` : ''}try chargetwin --help)`);
      }
    }
  } catch (e) {
    if (e instanceof UsageError) { io.err(`chargetwin: ${e.message}`); return 2; }
    io.err(`chargetwin: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

/** Closes what a command opened so far, newest first: a command that fails while starting exits instead of hanging. */
class Openings {
  private readonly closers: Array<() => unknown> = [];
  add(close: () => unknown): void { this.closers.push(close); }
  async closeAll(): Promise<void> {
    for (const close of this.closers.reverse()) { try { await close(); } catch { /* closing what is half open */ } }
    this.closers.length = 0;
  }
  /** Runs `start`; on failure closes everything opened and rethrows. */
  async starting<T>(start: () => Promise<T>): Promise<T> {
    try { return await start(); } catch (e) { await this.closeAll(); throw e; }
  }
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function printFrames(fleet: Fleet, json: boolean, color: boolean): void {
  fleet.on((e: FleetEvent) => {
    if (e.type !== 'frame') return;
    if (json) { console.log(JSON.stringify({ at: new Date(e.frame.at).toISOString(), station: e.stationId, direction: e.frame.direction, frame: JSON.parse(e.frame.text) as unknown })); return; }
    console.log(formatFrame(e.frame.at, e.stationId, e.frame.direction, e.frame.text, () => e.frame.action, { color, width: process.stdout.columns ? Math.max(80, process.stdout.columns) : 200, ...(e.frame.injected ? { injected: e.frame.injected } : {}) }));
  });
}

function announceRegistration(fleet: Fleet): void {
  const seen = new Map<string, string>();
  fleet.on((e) => {
    if (e.type !== 'changed' || e.what !== 'registration') return;
    const reg = fleet.get(e.stationId).station.registration;
    if (seen.get(e.stationId) === reg) return;
    seen.set(e.stationId, reg);
    process.stderr.write(`station ${e.stationId}: BootNotification ${reg}\n`);
  });
}

async function untilSignal(stop: () => Promise<void>): Promise<number> {
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await stop();
  return 0;
}

async function demo(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    port: { type: 'string' }, id: { type: 'string' }, model: { type: 'string' }, 'api-port': { type: 'string' },
    'api-host': { type: 'string' }, 'api-token': { type: 'string' }, 'metrics-public': { type: 'boolean' }, 'no-color': { type: 'boolean' }, json: { type: 'boolean' },
    connectors: { type: 'string' }, config: { type: 'string', multiple: true }, ...HISTORY_OPTIONS,
  });
  if (values.help) { io.out(USAGE.demo!); return 0; }
  noPositionals('demo', positionals);
  const port = intOption(values, 'port', 9220);
  const apiPort = intOption(values, 'api-port', 9230);
  const apiToken = apiTokenOption(values);
  const apiHost = apiHostOption(values, apiToken, isLoopbackHost);
  const id = idOption(values, false) ?? 'EVB-0001';
  const model = modelOption(values);
  const connectors = connectorsOption(values);
  const config = configOption(values);
  const history = historyOption(values, 1);
  const publicMetrics = metricsPublicOption(values);
  return startDemo({ port, apiPort, apiHost, ...(apiToken !== undefined ? { apiToken } : {}), ...(publicMetrics ? { publicMetrics } : {}), id, ...(model ? { model } : {}), ...(connectors ? { connectors } : {}), ...(config ? { config } : {}), history, json: values.json === true, color: values['no-color'] !== true && process.stdout.isTTY === true },
    { defaultTags: DEFAULT_TAGS, printFrames, announceRegistration, untilSignal });
}

async function station(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...STATION_PLAN_OPTIONS,
    'auth-key': { type: 'string' }, 'auth-key-file': { type: 'string' }, ca: { type: 'string' }, 'allow-plain-auth': { type: 'boolean' },
    'data-dir': { type: 'string' }, 'api-port': { type: 'string' }, 'api-host': { type: 'string' }, 'api-token': { type: 'string' }, 'metrics-public': { type: 'boolean' }, json: { type: 'boolean' },
    verbose: { type: 'boolean' }, sessions: { type: 'string' }, shard: { type: 'string' }, processes: { type: 'string' }, ...HISTORY_OPTIONS, ...FRAME_LOG_OPTIONS,
  });
  if (values.help) { io.out(USAGE.station!); return 0; }
  noPositionals('station', positionals);
  frameLogOption(values, 0); // a bad --frame-log is a usage error before any shard process starts
  const processes = processesOption(values); // many shard processes on this host behind one API (D23)
  if (processes !== undefined) return runProcesses(values, processes, io);
  const shard = shardOption(values); // sharded fleets (D18): --count is the whole fleet, this process runs a slice
  const plan = planStations(values, undefined, shard);
  const count = plan.specs.length;
  const history = historyOption(values, plan.fleetSize);
  const frameLog = frameLogOption(values, plan.fleetSize);
  const apiPort = intOption(values, 'api-port', 9230);
  const apiToken = apiTokenOption(values);
  const apiHost = apiHostOption(values, apiToken, isLoopbackHost);
  const publicMetrics = metricsPublicOption(values);
  const key = authKeyOption(values, evlinkProAc.keyIndex.get('AuthorizationKey')?.maxLength ?? 40);
  const caFile = stringOption(values, 'ca');
  let ca: string | undefined;
  if (caFile) {
    try { ca = readFileSync(caFile, 'utf8'); } catch { throw new UsageError(`--ca: cannot read "${caFile}"`); }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca: "${caFile}" holds no PEM certificate`);
  }
  const sessionsFile = stringOption(values, 'sessions');
  const sessions = sessionsFile !== undefined ? readSessionsFile(sessionsFile) : undefined;
  const dataDir = shardDataDir(stringOption(values, 'data-dir') ?? defaultDataDir(), shard?.shard ?? UNSHARDED);
  const ids = plan.specs.map((spec) => spec.id);
  const open = new Openings();
  return open.starting(async () => {
    ensureDataDir(dataDir);
    const locks = lockStations(dataDir, ids);
    open.add(() => locks.release());
    const db = openDatabase(databaseFile(dataDir));
    open.add(() => db.close());
    process.stderr.write(`durable state in ${databaseFile(dataDir)}\n`);
    // One file per twin (its websocket): say so before connecting when this process's limit is too low.
    const files = openFilesReport(openFilesLimit(), count, 'process');
    if (files.startsWith('warning:')) process.stderr.write(`${files}\n`);
    if (shard) process.stderr.write(`shard ${shard.shard.index}/${shard.shard.count} (from ${shard.from}) of ${plan.fleetSize} twins: ${ids[0]} … ${ids[ids.length - 1]} (${ids.length})\n`);
    const clock = new ScaledClock();
    open.add(() => clock.dispose());
    const build = buildEvlinkStation({
      logger: consoleLogger('warn'),
      storeFor: (stationId) => sqliteStationStore(db, stationId),
      queueFor: (stationId) => sqliteQueueStore(db, stationId),
    });
    const fleet = createFleet({ csmsUrl: plan.csmsUrl, csmsPlan: plan.csmsPlan, clock, build, framesPerStation: count > 1 ? FLEET_FRAMES_PER_STATION : STATION_FRAMES, history, frameLog });
    open.add(() => fleet.stop());
    if (count === 1) printFrames(fleet, values.json === true, process.stdout.isTTY === true);
    if (count === 1 || values.verbose === true) announceRegistration(fleet);
    const api = await listening(startControlApi({ fleet, clock, port: apiPort, host: apiHost, ...(apiToken !== undefined ? { token: apiToken } : {}), publicMetrics }), 'control API', '--api-port', apiPort);
    open.add(() => api.close());
    process.stderr.write(`dashboard and control API on ${api.url}/${dashboardTokenHint(api.url, apiToken)}\n`);
    // Every twin's first reads and writes of its durable state in one SQLite transaction: committing each
    // one on its own took about a third of a 16,667-twin shard's start. The loop is synchronous (twins
    // connect later, on I/O), so the commit comes before any twin can send anything that depends on it.
    db.transaction(() => {
      for (const spec of plan.specs) {
        fleet.add({
          ...(key ? { authorizationKey: key } : {}),
          ...spec,
          ...(ca ? { ca } : {}),
          ...(values['allow-plain-auth'] ? { allowBasicAuthOverPlainWs: true } : {}),
        });
      }
    }).immediate(); // it reads before it writes, and other processes may share the folder's database

    if (count > 1) { // a progress line and one summary, not a line per station (those with --verbose)
      // Once the boot wave is over, one full compacting GC returns its garbage to the system (D27).
      const report = reportBoots({ fleet, tty: process.stderr.isTTY === true, summaryOnly: values.verbose === true, write: (text) => process.stderr.write(text), onSettled: () => void compactAfterBoot((text) => process.stderr.write(text)) });
      open.add(() => report.stop());
    }
    // Each fleet-file group with its own `sessions` runs those settings; --sessions runs on the others.
    const own = new Map<Record<string, unknown>, string[]>();
    for (const spec of plan.specs) if (spec.sessions) own.set(spec.sessions, [...(own.get(spec.sessions) ?? []), spec.id]);
    const rest = plan.specs.filter((spec) => !spec.sessions).map((spec) => spec.id);
    if (own.size > 0 || (sessions && rest.length > 0)) {
      const generators = sessionGeneratorsOf(fleet);
      open.add(() => generators.dispose());
      for (const [settings, groupIds] of own) generators.start(settings, groupIds);
      if (sessions && rest.length > 0) generators.start(sessions, rest);
      const running = [...own.values()].reduce((n, g) => n + g.length, 0) + (sessions ? rest.length : 0);
      process.stderr.write(`session generator running on ${running} twin(s)${sessionsFile ? ` (${sessionsFile})` : ''}; status: GET ${api.url}/api/sessions-generator\n`);
    }
    return untilSignal(() => open.closeAll());
  });
}

async function csmsOnly(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { port: { type: 'string' }, host: { type: 'string' }, tag: { type: 'string', multiple: true }, heartbeat: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) { io.out(USAGE.csms!); return 0; }
  noPositionals('csms', positionals);
  const port = intOption(values, 'port', 9220);
  const heartbeatInterval = intOption(values, 'heartbeat', 60, 0, 86400);
  const host = stringOption(values, 'host');
  if (host !== undefined && isIP(host) === 0 && host !== 'localhost') throw new UsageError(`--host must be an IP address or localhost, got "${host}"`);
  const tagList = Array.isArray(values.tag) ? values.tag : undefined;
  for (const t of tagList ?? []) if (t === '' || t.length > 20) throw new UsageError(`--tag must be 1 to 20 characters (an OCPP idToken), got "${t}"`);
  const tags = tagList ? Object.fromEntries(tagList.map((t) => [t, 'Accepted' as const])) : DEFAULT_TAGS;
  // Frames are printed from the event stream; keeping them all in memory too would grow without bound.
  const csms = await listening(startCsms({ port, heartbeatInterval, tags, recordFrames: false, ...(host ? { host } : {}) }), 'central system', '--port', port);
  csms.on((e) => {
    if (e.type === 'frame') io.out(values.json ? JSON.stringify({ ...e, text: redactSecrets(e.text) }) : formatFrame(e.at, e.stationId, e.direction === 'in' ? 'out' : 'in', e.text, () => undefined, { color: process.stdout.isTTY === true, width: 200 }));
    else process.stderr.write(`${e.type} ${e.stationId}\n`);
  });
  process.stderr.write(`central system listening on ${csms.url}/<chargePointId>\n`);
  return untilSignal(() => csms.close());
}
