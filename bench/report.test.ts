import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReport } from './report.ts';
import { run as runQueue } from './queue.ts';
import { run as runSmartCharging } from './smart-charging.ts';

test('bench report: a Markdown table with every figure', () => {
  const md = formatReport({ date: '2026-11-25T00:00:00Z', machine: { node: 'v20', cpus: 2, cpuModel: 'x', memoryGiB: 24 }, quick: true, figures: [{ name: 'a', value: 12345.6, unit: 'calls/s', note: 'n' }, { name: 'b', value: 1.234, unit: 'KiB' }] });
  assert.match(md, /\| a \| 12,346 \| calls\/s \| n \|/);
  assert.ok(md.includes('| b | 1.23 | KiB |  |'));
});

test('bench in-process parts run and report positive rates (smoke, quick mode)', async () => {
  const figures = [...await runSmartCharging({ quick: true }), ...await runQueue({ quick: true })];
  assert.equal(figures.length, 7, '4 smart-charging lines (1, 10, max profiles; max with a 2^53 s duration) and 3 queue lines');
  for (const f of figures) assert.ok(f.value > 0, f.name);
});
