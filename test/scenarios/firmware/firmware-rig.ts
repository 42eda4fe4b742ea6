/**
 * One EVlink twin against the embedded CSMS, with its own HTTP (and optionally FTP) file server whose
 * request log is stamped with the station clock, and a transfer that records what the station handed
 * to it (the bytes it produced, each attempt and how it ended).
 */
import { startCsms, type Csms } from '../../../src/csms/index.ts';
import { startFtpFileServer, startHttpFileServer, type FtpFileServer, type HttpFileServer } from '../../../src/csms/file-server/index.ts';
import { createFleet, type Fleet, type FleetOptions, type FleetStation } from '../../../src/fleet/index.ts';
import { ScaledClock } from '../../../src/platform/index.ts';
import { buildEvlinkStation } from '../../../src/runtime/evlink-station.ts';
import { createFileTransfer, type FileTransferOptions } from '../../../src/runtime/file-transfer/file-transfer.ts';
import type { FileTransfer } from '../../../src/station/firmware/transfer-port.ts';
import { buildFirmwareImage } from '../../../src/station/firmware/firmware-image.ts';
import { waitFor } from '../../support/wait-for.ts';

/** One call the station made to its file transfer. `error` is the TWIN_ERR code it failed with. */
export interface Attempt { kind: 'download' | 'upload'; location: string; fileName?: string; bytes?: Uint8Array; done: boolean; error?: string }

export interface Rig {
  id: string;
  csms: Csms;
  fleet: Fleet;
  m: FleetStation;
  clock: ScaledClock;
  http: HttpFileServer;
  ftp: FtpFileServer | undefined;
  attempts: Attempt[];
  statuses(action: 'FirmwareStatusNotification' | 'DiagnosticsStatusNotification'): string[];
  /** Waits until `n` transfer attempts have ended (so the station has reacted to the outcome). */
  settled(n: number): Promise<void>;
  done(): Promise<void>;
}

function recording(inner: FileTransfer, attempts: Attempt[]): FileTransfer {
  const track = async <T>(a: Attempt, p: Promise<T>): Promise<T> => {
    attempts.push(a);
    try { return await p; } catch (e) { a.error = (e as { code?: string }).code ?? String(e); throw e; } finally { a.done = true; }
  };
  return {
    download: (location, o) => track({ kind: 'download', location, done: false }, inner.download(location, o)),
    upload: (location, fileName, bytes, o) => track({ kind: 'upload', location, fileName, bytes: bytes.slice(), done: false }, inner.upload(location, fileName, bytes, o)),
  };
}

export async function rig(id: string, o: { overrides?: Record<string, string>; ftp?: boolean; transfer?: FileTransferOptions; connectors?: 1 | 2; fleet?: Pick<FleetOptions, 'framesPerStation' | 'frameLog'> } = {}): Promise<Rig> {
  const clock = new ScaledClock({ scale: 100 });
  const now = (): number => clock.now();
  const csms = await startCsms({ tags: { EVLINK: 'Accepted' } });
  const http = await startHttpFileServer({ now });
  const ftp = o.ftp ? await startFtpFileServer({ now }) : undefined;
  const attempts: Attempt[] = [];
  const fleet = createFleet({
    csmsUrl: csms.url, clock, rebootDelayMs: 100, backoff: { initialMs: 50, maxMs: 100 }, ...o.fleet,
    build: buildEvlinkStation({ ...(o.connectors ? { connectors: o.connectors } : {}), configOverrides: { AlignedDataInterval: '0', ...o.overrides }, transfer: recording(createFileTransfer({ timeoutMs: 5000, ...o.transfer }), attempts) }),
  });
  const m = fleet.add({ id });
  await waitFor(() => m.station.registration === 'Accepted');
  const statuses = (action: string): string[] => csms.frames.filter((f) => f.direction === 'in').map((f) => JSON.parse(f.text) as unknown[])
    .filter((f) => f[0] === 2 && f[2] === action).map((f) => (f[3] as { status: string }).status);
  return {
    id, csms, fleet, m, clock, http, ftp, attempts, statuses,
    settled: (n) => waitFor(() => attempts.filter((a) => a.done).length >= n, 10_000, `${n} transfer attempts ended`),
    done: async () => { await fleet.stop(); await csms.close(); http.release(); await http.close(); await ftp?.close(); clock.dispose(); },
  };
}

export const at = (clock: ScaledClock, s = 0): string => new Date(clock.now() + s * 1000).toISOString();
export const image = (version: string, models?: string[]): Promise<Uint8Array> =>
  buildFirmwareImage({ version, ...(models ? { models } : {}), payload: new TextEncoder().encode(`firmware ${version} `.repeat(2000)) });
