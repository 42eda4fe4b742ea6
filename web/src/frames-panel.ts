/**
 * The OCPP frame log of the selected station, filtered by action and direction through the API's
 * query (GET /api/stations/{id}/frames?action=&direction=&limit=). The filters are built once; only
 * the list below them is redrawn.
 */
import { api, stationPath } from './api.ts';
import { byId, esc, inputValue, time } from './dom.ts';
import type { Frame } from './types.ts';

const ACTIONS = ['Authorize', 'BootNotification', 'CancelReservation', 'ChangeAvailability', 'ChangeConfiguration', 'ClearCache',
  'ClearChargingProfile', 'DataTransfer', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'GetCompositeSchedule',
  'GetConfiguration', 'GetDiagnostics', 'GetLocalListVersion', 'Heartbeat', 'MeterValues', 'RemoteStartTransaction',
  'RemoteStopTransaction', 'ReserveNow', 'Reset', 'SendLocalList', 'SetChargingProfile', 'StartTransaction', 'StatusNotification',
  'StopTransaction', 'TriggerMessage', 'UnlockConnector', 'UpdateFirmware'];
const TYPES: Record<number, string> = { 2: 'CALL', 3: 'RESULT', 4: 'ERROR' };

export class FramesPanel {
  #generation = 0;

  html(): string {
    return `
  <div class="panel wide" id="frames-panel"><h2>OCPP frames</h2>
    <div class="row">
      <label>action <select id="frames-action"><option value="">(all)</option>${ACTIONS.map((a) => `<option>${a}</option>`).join('')}</select></label>
      <label>direction <select id="frames-direction"><option value="">(both)</option><option value="out">→ sent by the station</option><option value="in">← received by the station</option></select></label>
      <label>last <input id="frames-limit" type="number" min="1" max="500" value="100" style="width:5em"> frames</label>
      <span id="frames-count" class="dim"></span>
    </div>
    <div id="frames"></div></div>`;
  }

  async load(stationId: string): Promise<void> {
    const generation = ++this.#generation;
    const q = new URLSearchParams();
    const action = inputValue('frames-action'), direction = inputValue('frames-direction');
    const limit = Math.max(1, Math.min(500, Math.floor(Number(inputValue('frames-limit'))) || 100));
    if (action) q.set('action', action);
    if (direction) q.set('direction', direction);
    q.set('limit', String(limit));
    const frames = await api<Frame[]>('GET', `${stationPath(stationId)}/frames?${q}`);
    if (generation !== this.#generation) return;
    const list = byId('frames');
    if (!list) return;
    list.innerHTML = frames.slice().reverse().map((f) =>
      `<div class="frame ${f.type === 4 ? 'err' : f.direction}" data-action="${esc(f.action)}" data-direction="${f.direction}" data-seq="${f.seq}">${time(f.at)} ${f.direction === 'out' ? '→' : '←'} ${TYPES[f.type] ?? '?'} ${esc(f.action)} ${f.injected ? `<span class="badge injected" title="injected fault">⚡${esc(f.injected)}</span> ` : ''}${esc(f.text.slice(0, 220))}</div>`).join('')
      || '<div class="dim">no frames match</div>';
    list.dataset.filter = q.toString();
    list.dataset.count = String(frames.length);
    const count = byId('frames-count');
    if (count) count.textContent = `${frames.length} shown`;
  }
}
