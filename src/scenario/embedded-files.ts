/**
 * File servers for the firmware and diagnostics scenarios when they run against the embedded central
 * system: an HTTP server on loopback hosting a sample EVlink firmware image and taking diagnostics
 * uploads. Its addresses become the variables the library's scenarios use: $firmwareUrl,
 * $firmwareVersion, $diagnosticsUrl (against another central system, give them with --var).
 */
import { startHttpFileServer, type HttpFileServer } from '../csms/file-server/index.ts';
import { buildFirmwareImage } from '../station/firmware/firmware-image.ts';

export const SAMPLE_FIRMWARE_VERSION = '3.4.1.0';

export interface ScenarioFiles {
  readonly server: HttpFileServer;
  /** firmwareUrl, firmwareVersion, diagnosticsUrl. */
  readonly vars: Record<string, string>;
  close(): Promise<void>;
}

export async function startScenarioFiles(now?: () => number): Promise<ScenarioFiles> {
  const server = await startHttpFileServer({ host: '127.0.0.1', ...(now ? { now } : {}) });
  const image = await buildFirmwareImage({ version: SAMPLE_FIRMWARE_VERSION, payload: new TextEncoder().encode(`ChargeTwin scenario firmware ${SAMPLE_FIRMWARE_VERSION}\n`.repeat(100)) });
  const firmwareUrl = server.host(`evlink-pro-ac-${SAMPLE_FIRMWARE_VERSION}.fw`, image);
  return {
    server,
    vars: { firmwareUrl, firmwareVersion: SAMPLE_FIRMWARE_VERSION, diagnosticsUrl: `${server.url}/diagnostics/` },
    close: () => server.close(),
  };
}
