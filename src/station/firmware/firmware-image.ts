/**
 * What counts as a firmware image for this twin: a text header line `CHARGETWIN-FW/1`, a JSON manifest
 * line `{ "version", "models", "size", "sha256" }`, then the payload bytes. An image is installable when
 * the manifest parses, names this model (or no model), and the payload has the declared size and
 * SHA-256. Anything else (truncated, corrupted, another product's) fails installation.
 */
const MAGIC = 'CHARGETWIN-FW/1';

export interface FirmwareManifest { version: string; models?: string[]; size: number; sha256: string }
export type ImageCheck = { ok: true; manifest: FirmwareManifest } | { ok: false; reason: string };

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function buildFirmwareImage(o: { version: string; models?: string[]; payload: Uint8Array }): Promise<Uint8Array> {
  const manifest: FirmwareManifest = { version: o.version, ...(o.models ? { models: o.models } : {}), size: o.payload.length, sha256: await sha256Hex(o.payload) };
  const head = new TextEncoder().encode(`${MAGIC}\n${JSON.stringify(manifest)}\n`);
  const out = new Uint8Array(head.length + o.payload.length);
  out.set(head, 0);
  out.set(o.payload, head.length);
  return out;
}

export async function verifyFirmwareImage(bytes: Uint8Array, model: string): Promise<ImageCheck> {
  const first = bytes.indexOf(10);
  const second = first < 0 ? -1 : bytes.indexOf(10, first + 1);
  if (first < 0 || second < 0) return { ok: false, reason: 'not a ChargeTwin firmware image (no header)' };
  const dec = new TextDecoder();
  if (dec.decode(bytes.subarray(0, first)) !== MAGIC) return { ok: false, reason: 'not a ChargeTwin firmware image (bad magic)' };
  let manifest: FirmwareManifest;
  try { manifest = JSON.parse(dec.decode(bytes.subarray(first + 1, second))) as FirmwareManifest; } catch { return { ok: false, reason: 'manifest is not JSON' }; }
  if (typeof manifest.version !== 'string' || manifest.version === '' || manifest.version.length > 50) return { ok: false, reason: 'manifest version missing or longer than 50 characters' };
  if (manifest.models && !manifest.models.includes(model)) return { ok: false, reason: `image is for ${manifest.models.join(', ')}, not ${model}` };
  const payload = bytes.subarray(second + 1);
  if (payload.length !== manifest.size) return { ok: false, reason: `payload is ${payload.length} bytes, manifest says ${manifest.size}` };
  if (await sha256Hex(payload) !== manifest.sha256) return { ok: false, reason: 'checksum mismatch' };
  return { ok: true, manifest };
}

/** The version an image's manifest declares, read before any check (what the station shows as pending); undefined if unreadable. */
export function declaredVersion(bytes: Uint8Array): string | undefined {
  const first = bytes.indexOf(10);
  const second = first < 0 ? -1 : bytes.indexOf(10, first + 1);
  if (second < 0 || second - first > 4096) return undefined;
  try {
    const v = (JSON.parse(new TextDecoder().decode(bytes.subarray(first + 1, second))) as { version?: unknown }).version;
    return typeof v === 'string' && v !== '' && v.length <= 50 ? v : undefined;
  } catch { return undefined; }
}
