/**
 * `chargetwin demo` (what `npm start` runs): the embedded central system, its HTTP and FTP file servers
 * (a sample firmware image on both; diagnostics uploads accepted on both), the control API and one
 * EVlink Pro AC twin, with a live frame log. It prints where everything is and ready-to-run commands
 * for a firmware update and a diagnostics upload.
 */
import { startCsms, type Csms } from '../csms/index.ts';
import { startFtpFileServer, startHttpFileServer } from '../csms/file-server/index.ts';
import { createFleet, type Fleet, type HistoryMode } from '../fleet/index.ts';
import { ScaledClock } from '../platform/index.ts';
import { buildEvlinkStation } from '../runtime/evlink-station.ts';
import { buildFirmwareImage } from '../station/firmware/firmware-image.ts';
import { startControlApi } from '../api/server.ts';
import { consoleLogger } from './console-logger.ts';
import { listening } from './port-in-use.ts';
import { dashboardTokenHint } from './dashboard-address.ts';

/** What the demo shares with the other commands of main.ts (the frame log, registration lines, signals). */
export interface DemoHooks {
  defaultTags: Record<string, 'Accepted' | 'Blocked'>;
  printFrames(fleet: Fleet, json: boolean, color: boolean): void;
  announceRegistration(fleet: Fleet): void;
  untilSignal(stop: () => Promise<void>): Promise<number>;
}

const DEMO_FIRMWARE = '3.5.0';

/** The demo's options, already checked by main.ts. */
export interface DemoOptions {
  port: number; apiPort: number; apiHost?: string; apiToken?: string; id: string; model?: string;
  /** `--metrics-public` / CHARGETWIN_METRICS_PUBLIC: /metrics without the token (D36). */
  publicMetrics?: boolean;
  /** `--connectors` and `--config key=value`, checked as `station` checks them (station-plan.ts). */
  connectors?: 1 | 2; config?: Record<string, string>;
  /** `--history` (default all: one station keeps full charts). */
  history?: HistoryMode;
  json: boolean; color: boolean;
}

/** Starts everything; a failure while starting (e.g. a port taken) closes what was opened, newest first, and rethrows. */
export async function startDemo(o: DemoOptions, hooks: DemoHooks): Promise<number> {
  const closers: Array<() => unknown> = [];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse()) { try { await close(); } catch { /* half open */ } }
    closers.length = 0;
  };
  const clock = new ScaledClock();
  closers.push(() => clock.dispose());
  try {
    await run(o, hooks, clock, (close) => closers.push(close));
  } catch (e) {
    await closeAll();
    throw e;
  }
  return hooks.untilSignal(closeAll);
}

async function run(o: DemoOptions, hooks: DemoHooks, clock: ScaledClock, opened: (close: () => unknown) => void): Promise<void> {
  // Frames are printed from the event stream; keeping them all in memory too would grow without bound.
  const csms: Csms = await listening(startCsms({ port: o.port, clock, tags: hooks.defaultTags, logger: consoleLogger('warn'), recordFrames: false }), 'central system', '--port', o.port);
  opened(() => csms.close());
  const fleet = createFleet({ csmsUrl: csms.url, clock, build: buildEvlinkStation({ logger: consoleLogger('warn') }), ...(o.history ? { history: o.history } : {}) });
  opened(() => fleet.stop());
  hooks.printFrames(fleet, o.json, o.color);
  hooks.announceRegistration(fleet);
  process.stderr.write(`central system listening on ${csms.url}\n`);
  const api = await listening(startControlApi({ fleet, csms, clock, port: o.apiPort, ...(o.apiHost ? { host: o.apiHost } : {}), ...(o.apiToken !== undefined ? { token: o.apiToken } : {}), publicMetrics: o.publicMetrics === true }), 'control API', '--api-port', o.apiPort);
  opened(() => api.close());
  process.stderr.write(`dashboard and control API on ${api.url}/ (OpenAPI: ${api.url}/openapi.json)${dashboardTokenHint(api.url, o.apiToken)}\n`);

  const now = (): number => clock.now();
  const http = await startHttpFileServer({ now });
  opened(() => http.close());
  const ftp = await startFtpFileServer({ now });
  opened(() => ftp.close());
  const image = await buildFirmwareImage({ version: DEMO_FIRMWARE, payload: new TextEncoder().encode(`EVlink Pro AC demo firmware ${DEMO_FIRMWARE}\n`.repeat(1000)) });
  const name = `evlink-pro-ac-${DEMO_FIRMWARE}.fw`;
  const httpImage = http.host(name, image);
  const ftpImage = ftp.host(name, image);
  // The command as the user runs it: a checkout runs its sources (bin/chargetwin.js), an install its bin.
  const self = import.meta.url.endsWith('.ts') ? 'node bin/chargetwin.js' : 'npx chargetwin';
  const ctl = `${self} ctl --api ${api.url} call ${o.id}`;
  process.stderr.write([
    `file server (HTTP): firmware image ${httpImage}; diagnostics uploads to ${http.url}/diagnostics/ (PUT) or ${http.url}/diagnostics/upload (POST multipart)`,
    `file server (FTP):  firmware image ${ftpImage}; diagnostics uploads to ${ftp.url}/`,
    `file server (FTP):  user ${ftp.user}, password ${ftp.password} (new on every run)`,
    'try:',
    `  ${ctl} UpdateFirmware '{"location":"${httpImage}","retrieveDate":"2020-01-01T00:00:00Z"}'`,
    `  ${ctl} UpdateFirmware '{"location":"${ftpImage}","retrieveDate":"2020-01-01T00:00:00Z"}'`,
    `  ${ctl} GetDiagnostics '{"location":"${ftp.url}/"}'`,
    '',
  ].join('\n'));
  fleet.add({ id: o.id, ...(o.model ? { model: o.model } : {}), ...(o.connectors ? { connectors: o.connectors } : {}), ...(o.config ? { config: o.config } : {}) });
}
