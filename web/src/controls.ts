/**
 * What each button of the dashboard does: one API call of docs/control-api.md, reading the inputs of
 * its own panel (data-connector tells which connector a button belongs to).
 */
import { api } from './api.ts';
import { inputValue } from './dom.ts';

type Control = (base: string, n: number) => Promise<unknown>;

const clock = (body: Record<string, unknown>): Promise<unknown> => api('POST', '/api/clock', body);

const UNIT_SECONDS: Record<string, number> = { s: 1, min: 60, h: 3600, d: 86400 };

/** A number typed in an input, or a clear error naming the field. */
function numberIn(id: string, label: string): number {
  const raw = inputValue(id).trim();
  const v = Number(raw);
  if (raw === '' || !Number.isFinite(v)) throw new Error(`${label}: "${raw}" is not a number`);
  return v;
}

export const CONTROLS: Record<string, Control> = {
  // One physical action: the cable goes in with an EV that asks for energy (when its battery has room)…
  plug: (b, n) => api('POST', `${b}/connectors/${n}/plug`),
  // …or with one that waits ("EV requests energy" later).
  'plug-idle': (b, n) => api('POST', `${b}/connectors/${n}/plug`, { requesting: false }),
  unplug: (b, n) => api('POST', `${b}/connectors/${n}/unplug`),
  'ev-on': (b, n) => api('POST', `${b}/connectors/${n}/ev-requesting`, { requesting: true }),
  'ev-off': (b, n) => api('POST', `${b}/connectors/${n}/ev-requesting`, { requesting: false }),
  stop: (b, n) => api('POST', `${b}/connectors/${n}/stop`),
  badge: (b, n) => {
    const idTag = inputValue(`badge-${n}`).trim();
    if (!idTag) throw new Error('type an idTag first');
    // Refused whole, never cut: a tag cut to 20 characters would be another badge (CiString20).
    if (idTag.length > 20) throw new Error(`idTag "${idTag}" is ${idTag.length} characters; OCPP 1.6 allows at most 20 (CiString20), so no badge was presented`);
    return api('POST', `${b}/badge`, { idTag, connectorId: n });
  },
  unavailable: (b, n) => api('POST', `${b}/connectors/${n}/availability`, { operative: false }),
  available: (b, n) => api('POST', `${b}/connectors/${n}/availability`, { operative: true }),
  raise: (b, n) => api('POST', `${b}/errors`, { code: inputValue(`vendor-code-${n}`), connectorId: n }),
  clear: (b, n) => api('DELETE', `${b}/errors/${encodeURIComponent(inputValue(`vendor-code-${n}`))}?connectorId=${n}`),
  ev: (b, n) => api('POST', `${b}/connectors/${n}/ev`, {
    maxCurrentA: numberIn(`ev-max-${n}`, 'EV max current'), phases: numberIn(`ev-phases-${n}`, 'EV phases'),
    capacityKWh: numberIn(`ev-capacity-${n}`, 'EV capacity'), socPercent: numberIn(`ev-soc-${n}`, 'EV state of charge'),
  }),
  'network-off': (b) => api('POST', `${b}/network`, { connected: false }),
  'network-on': (b) => api('POST', `${b}/network`, { connected: true }),
  'power-off': (b) => api('POST', `${b}/power`, { on: false }),
  'power-on': (b) => api('POST', `${b}/power`, { on: true }),
  'reboot-soft': (b) => api('POST', `${b}/reboot`, { kind: 'Soft' }),
  'reboot-hard': (b) => api('POST', `${b}/reboot`, { kind: 'Hard' }),
  remove: (b) => api('DELETE', b),
  pause: () => clock({ action: 'pause' }),
  resume: () => clock({ action: 'resume' }),
  scale: () => clock({ action: 'scale', scale: numberIn('clock-scale', 'clock scale') }),
  'fast-forward': () => clock({ action: 'fast-forward', seconds: numberIn('ff-amount', 'fast-forward amount') * (UNIT_SECONDS[inputValue('ff-unit')] ?? 1) }),
};

/** Controls that act on the fleet clock rather than on one station. */
export const CLOCK_CONTROLS = new Set(['pause', 'resume', 'scale', 'fast-forward']);
