/**
 * Issue 6, durable state: what a station was told survives a restart of the process through the SQLite
 * database (a new database connection, a new builder, a new station model), not only a rebuild in memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, sqliteQueueStore, sqliteStationStore } from '../../src/persistence/index.ts';
import { buildEvlinkStation } from '../../src/runtime/evlink-station.ts';
import { SimulatedClock } from '../../src/shared/simulated-clock.ts';
import { evlinkRig, last } from '../support/evlink-rig.ts';

test('survives a process restart through SQLite: reservations, the authorization cache and the local list', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chargetwin-restart-'));
  const file = join(dir, 'chargetwin.db');
  const clock = new SimulatedClock(Date.UTC(2026, 2, 2, 8, 0, 0));
  const builderOn = (db: ReturnType<typeof openDatabase>) => buildEvlinkStation({ connectors: 2, storeFor: (id) => sqliteStationStore(db, id), queueFor: (id) => sqliteQueueStore(db, id) });
  const badge = async (r: Awaited<ReturnType<typeof evlinkRig>>, tag: string) => { const o = await r.controls.presentBadge!(tag); await r.clock.advance(61_000); return o.accepted; };
  try {
    // First life: a reservation on connector 2 (two connectors), a tag learnt online, an installer's list.
    let db = openDatabase(file);
    const first = await evlinkRig({ clock, build: builderOn(db) });
    const expiry = new Date(clock.now() + 2 * 3600_000).toISOString();
    assert.equal((await first.csms.call('ReserveNow', { connectorId: 2, expiryDate: expiry, idTag: 'TAG-2', parentIdTag: 'FLEET', reservationId: 42 })).status, 'Accepted');
    assert.equal(await badge(first, 'TAG-1'), true, 'online: Authorize.req, the answer is cached');
    first.controls.setLocalList!([{ idTag: 'LOCAL-1', status: 'Accepted' }, { idTag: 'LOCAL-2', status: 'Blocked' }], 9);
    await first.settle();
    first.station.dispose();
    db.close();

    // Second life: a new database connection and builder, as after kill -9 and a restart.
    db = openDatabase(file);
    const second = await evlinkRig({ clock, build: builderOn(db) });
    await second.settle();
    assert.equal(last(second.reported(2)), 'Reserved', 'the reservation is back, and reported');
    assert.equal((await second.controls.presentBadge!('TAG-1', 2)).accepted, false, 'the reserved connector still refuses other tags');
    assert.equal((await second.csms.call('GetLocalListVersion', {})).listVersion, 9);
    assert.deepEqual(second.controls.getLocalList!().entries.map((e) => [e.idTag, e.status]), [['LOCAL-1', 'Accepted'], ['LOCAL-2', 'Blocked']]);
    second.station.detach();
    assert.equal(await badge(second, 'TAG-1'), true, 'offline: the cached tag from the first life');
    assert.equal(await badge(second, 'LOCAL-1'), true, 'offline: the local list from the first life');
    second.station.dispose();
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
