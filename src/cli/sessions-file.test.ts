import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSessionsFile } from './sessions-file.ts';
import { main } from './main.ts';

const dir = mkdtempSync(join(tmpdir(), 'ct-sessions-'));
const file = (name: string, text: string): string => { const p = join(dir, name); writeFileSync(p, text); return p; };

test('--sessions reads JSON and YAML settings files', () => {
  assert.deepEqual(readSessionsFile(file('a.json', '{"seed": 3, "arrivalsPerHour": 0.125}')), { seed: 3, arrivalsPerHour: 0.125 });
  assert.deepEqual(readSessionsFile(file('b.yaml', 'seed: 4\nstarts:\n  badge: 3\n  remote: 1\n')), { seed: 4, starts: { badge: 3, remote: 1 } });
});

test('station --sessions with a bad file: exit 2, one line naming the file and the problem, nothing started', async () => {
  const errs: string[] = [];
  const io = { out: () => {}, err: (t: string) => { errs.push(t); } };
  const bad = file('bad.json', '{"arrivalsPerHour": 0, "colour": "red"}');
  assert.equal(await main(['station', '--csms', 'ws://127.0.0.1:1', '--id', 'X', '--sessions', bad], io), 2);
  assert.match(errs.join('\n'), /--sessions: ".*bad\.json": settings: unknown field "colour"; arrivalsPerHour must be > 0/);
  errs.length = 0;
  assert.equal(await main(['station', '--csms', 'ws://127.0.0.1:1', '--id', 'X', '--sessions', file('broken.yml', 'seed: [1,\n')], io), 2);
  assert.match(errs.join('\n'), /is not valid YAML/);
  errs.length = 0;
  assert.equal(await main(['station', '--csms', 'ws://127.0.0.1:1', '--id', 'X', '--sessions', join(dir, 'missing.json')], io), 2);
  assert.match(errs.join('\n'), /cannot read/);
});
