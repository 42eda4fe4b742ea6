import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFirmwareImage, verifyFirmwareImage } from './firmware-image.ts';

const payload = new TextEncoder().encode('new firmware');

test('firmware image: a well-formed image for this model verifies and names its version', async () => {
  const img = await buildFirmwareImage({ version: '3.5.0', models: ['EVB3S22N4'], payload });
  assert.deepEqual(await verifyFirmwareImage(img, 'EVB3S22N4'), { ok: true, manifest: { version: '3.5.0', models: ['EVB3S22N4'], size: payload.length, sha256: (await verifyFirmwareImage(img, 'EVB3S22N4') as { manifest: { sha256: string } }).manifest.sha256 } });
});

test('firmware image: garbage, truncated, corrupted or another model\'s image is refused with a reason', async () => {
  const img = await buildFirmwareImage({ version: '3.5.0', models: ['EVB3S22N4'], payload });
  const flipped = img.slice();
  flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
  const cases: Array<[Uint8Array, RegExp]> = [
    [new TextEncoder().encode('hello world'), /no header/],
    [img.slice(0, img.length - 3), /bytes, manifest says/],
    [flipped, /checksum/],
  ];
  for (const [bytes, reason] of cases) {
    const r = await verifyFirmwareImage(bytes, 'EVB3S22N4');
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, reason);
  }
  assert.match(((await verifyFirmwareImage(img, 'EVB3S07N4EA')) as { reason: string }).reason, /not EVB3S07N4EA/);
});
