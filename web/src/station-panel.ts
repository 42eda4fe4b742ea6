/**
 * The station panel: identity, registration, link, connector 0 (the station as a whole) with its
 * status, station-level faults and availability, and the controls that act on the whole station:
 * network, power, soft and hard reboot, station faults, and removal. Built once per station; updates
 * only patch text.
 */
import { esc, setStatus, setText } from './dom.ts';
import type { Station } from './types.ts';
import { vendorCodeOptions } from './product-data.ts';
import { sessionGeneratorText } from './session-generator-text.ts';
import { diagnosticsText, firmwareText } from './firmware-text.ts';

export function stationPanelHtml(s: Station): string {
  return `
  <div class="panel" id="station-panel" data-station-id="${esc(s.id)}">
    <h2>Station ${esc(s.id)}</h2>
    <dl>
      <dt>Model</dt><dd id="st-model"></dd>
      <dt>Registration</dt><dd id="registration"></dd>
      <dt>Link</dt><dd id="st-link"></dd>
      <dt>Connector 0</dt><dd><span id="conn-0-status" class="status"></span> <span id="conn-0-error" class="dim"></span></dd>
      <dt>Station</dt><dd id="st-operative"></dd>
      <dt>Station faults</dt><dd id="st-faults"></dd>
      <dt>LED · reboots</dt><dd id="st-misc"></dd>
      <dt>Session generator</dt><dd id="st-generator"></dd>
      <dt>Firmware update</dt><dd id="st-firmware"></dd>
      <dt>Diagnostics</dt><dd id="st-diagnostics"></dd>
    </dl>
    <div class="row"><span class="dim">Station (connector 0):</span>
      <button data-act="unavailable" data-connector="0">Make station unavailable</button>
      <button data-act="available" data-connector="0">Make station available</button></div>
    <div class="row">
      <select id="vendor-code-0" title="station-scope vendor error" aria-label="station-scope vendor error code">${vendorCodeOptions(0)}</select>
      <button data-act="raise" data-connector="0">Raise station error</button><button data-act="clear" data-connector="0">Clear</button></div>
    <div class="row"><button data-act="network-off">Cut network</button><button data-act="network-on">Restore network</button>
      <button data-act="power-off">Cut power</button><button data-act="power-on">Restore power</button></div>
    <div class="row"><button data-act="reboot-soft">Soft reboot</button><button data-act="reboot-hard">Hard reboot</button>
      <button data-act="remove" id="remove-station">Remove station</button></div>
  </div>`;
}

export function updateStationPanel(s: Station): void {
  setText('st-model', `${s.model} · firmware ${s.firmwareVersion ?? '?'}`);
  setText('registration', s.registration);
  setText('st-link', `${s.link}${s.lastError ? ` · ${s.lastError}` : ''}`);
  const c0 = s.connectors[0];
  setStatus('conn-0-status', c0?.status ?? '?');
  setText('conn-0-error', c0 && c0.errorCode !== 'NoError' ? `${c0.errorCode} ${c0.vendorErrorCode ?? ''} ${c0.info ?? ''}`.trim() : '');
  setText('st-operative', s.stationOperative === false ? 'Inoperative (set locally)' : 'Operative');
  setText('st-faults', (s.stationFaults ?? []).join(', ') || 'none');
  setText('st-misc', `${s.ledIntensity ?? '?'} % · ${s.reboots}`);
  setText('st-generator', sessionGeneratorText(s.sessionGenerator));
  setText('st-firmware', firmwareText(s.firmware, s.firmwareVersion));
  setText('st-diagnostics', diagnosticsText(s.diagnostics));
}
