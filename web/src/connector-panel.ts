/**
 * One panel per connector (1…n): status, transaction, live current/power/energy, limit, faults, the
 * simulated EV, and every connector control — cable, EV requesting energy, stop button, badge,
 * availability, vendor errors, and the EV's settings. Inputs are filled once when the panel is built
 * and never rewritten by live updates.
 */
import { setStatus, setText } from './dom.ts';
import type { Connector } from './types.ts';
import { vendorCodeOptions } from './product-data.ts';

export function connectorPanelHtml(c: Connector): string {
  const n = c.id;
  const ev = c.ev ?? { maxCurrentA: 32, phases: 3, capacityKWh: 60, socPercent: 30 };
  const btn = (act: string, label: string): string => `<button data-act="${act}" data-connector="${n}">${label}</button>`;
  return `
  <div class="panel connector" id="conn-${n}" data-connector-panel="${n}">
    <h2>Connector ${n}</h2>
    <dl>
      <dt>Status</dt><dd><span class="status" id="conn-${n}-status"></span> <span id="conn-${n}-error" class="dim"></span></dd>
      <dt>Cable · EV</dt><dd id="conn-${n}-cable"></dd>
      <dt>Transaction</dt><dd id="conn-${n}-tx"></dd>
      <dt>Current / power</dt><dd id="conn-${n}-power"></dd>
      <dt>Energy</dt><dd id="conn-${n}-energy"></dd>
      <dt>Limit</dt><dd id="conn-${n}-limit"></dd>
      <dt>Faults</dt><dd id="conn-${n}-faults"></dd>
      <dt>Simulated EV</dt><dd id="conn-${n}-ev"></dd>
    </dl>
    <div class="row">${btn('plug', 'Plug in EV')}${btn('plug-idle', 'Plug in (EV idle)')}${btn('unplug', 'Unplug')}${btn('ev-on', 'EV requests energy')}${btn('ev-off', 'EV full/idle')}${btn('stop', 'Stop button')}</div>
    <div class="row"><input id="badge-${n}" placeholder="idTag" value="TAG-0001" size="14" aria-label="badge idTag, connector ${n}">${btn('badge', 'Present badge')}
      ${btn('unavailable', 'Make unavailable')}${btn('available', 'Make available')}</div>
    <div class="row"><select id="vendor-code-${n}" aria-label="vendor error code, connector ${n}">${vendorCodeOptions(n)}</select>${btn('raise', 'Raise error')}${btn('clear', 'Clear error')}</div>
    <form class="row" data-form="ev" data-connector="${n}">
      <label>max A <input id="ev-max-${n}" type="number" min="0" max="80" step="1" value="${ev.maxCurrentA}" style="width:5em"></label>
      <label>phases <select id="ev-phases-${n}"><option value="1"${ev.phases === 1 ? ' selected' : ''}>1</option><option value="3"${ev.phases === 3 ? ' selected' : ''}>3</option></select></label>
      <label>kWh <input id="ev-capacity-${n}" type="number" min="1" max="300" step="any" value="${ev.capacityKWh}" style="width:5em"></label>
      <label>SoC % <input id="ev-soc-${n}" type="number" min="0" max="100" step="any" value="${ev.socPercent}" style="width:5em"></label>
      <button type="submit" data-connector="${n}" id="ev-set-${n}">Set EV</button>
    </form>
  </div>`;
}

export function updateConnectorPanel(c: Connector): void {
  const n = c.id;
  setStatus(`conn-${n}-status`, c.status);
  setText(`conn-${n}-error`, c.errorCode !== 'NoError' ? `${c.errorCode} ${c.vendorErrorCode ?? ''} ${c.info ?? ''}`.trim() : '');
  setText(`conn-${n}-cable`, `${c.plugged ? 'plugged' : 'unplugged'} · ${c.evRequesting ? 'EV requests energy' : 'EV idle'}${c.pendingAuthorization ? ` · authorizing ${c.pendingAuthorization}` : ''}${c.reservation ? ` · reserved for ${c.reservation.idTag ?? '?'}` : ''}`);
  setText(`conn-${n}-tx`, c.transaction ? `#${c.transaction.transactionId ?? '(pending)'} · ${c.transaction.idTag}` : 'none');
  setText(`conn-${n}-power`, `${c.currentA ?? 0} A (offered ${c.offeredA ?? 0} A) · ${((c.powerW ?? 0) / 1000).toFixed(2)} kW`);
  setText(`conn-${n}-energy`, `${((c.energyWh ?? 0) / 1000).toFixed(3)} kWh`);
  setText(`conn-${n}-limit`, c.limitA === null || c.limitA === undefined ? 'none' : `${c.limitA} A`);
  setText(`conn-${n}-faults`, (c.faults ?? []).join(', ') || 'none');
  setText(`conn-${n}-ev`, c.ev ? `${c.ev.maxCurrentA} A · ${c.ev.phases} phase${c.ev.phases === 1 ? '' : 's'} · ${c.ev.capacityKWh} kWh · SoC ${Math.round(c.ev.socPercent * 10) / 10} %` : '—');
}
