/**
 * The selected station's transactions as the station itself recorded them
 * (GET /api/stations/{id}/transactions: what it sent, and what runs now). Served with or without the
 * embedded central system, so it works under `chargetwin station` too.
 */
import { api, stationPath } from './api.ts';
import { byId, esc, setText } from './dom.ts';
import type { StationTransaction } from './types.ts';

export const TRANSACTION_ACTIONS = new Set(['StartTransaction', 'StopTransaction']);

export class TransactionsPanel {
  #generation = 0;

  html(): string {
    return `
  <div class="panel" id="transactions-panel"><h2>Transactions (the station's record)</h2>
    <span id="tx-message" class="dim"></span>
    <table class="grid"><thead><tr><th>#</th><th>conn.</th><th>idTag</th><th>start</th><th>stop</th><th>kWh</th><th>reason</th></tr></thead><tbody id="tx-rows"></tbody></table></div>`;
  }

  async load(stationId: string): Promise<void> {
    const generation = ++this.#generation;
    let txs: StationTransaction[];
    try {
      txs = await api<StationTransaction[]>('GET', `${stationPath(stationId)}/transactions`);
    } catch (e) {
      if (generation !== this.#generation) return;
      setText('tx-message', `could not load transactions (${e instanceof Error ? e.message : String(e)})`);
      return;
    }
    if (generation !== this.#generation) return;
    const rows = byId('tx-rows');
    if (!rows) return;
    const dt = (iso: string | null): string => (iso ? esc(iso.replace('T', ' ').slice(0, 19)) : '—');
    rows.innerHTML = txs.slice().reverse().slice(0, 50).map((t) => `<tr data-transaction="${t.transactionId ?? ''}" data-state="${t.state}">
      <td>${t.transactionId ?? (t.startSent ? '(awaiting id)' : '(queued)')}</td><td>${t.connectorId}</td>
      <td>${esc(t.idTag)}${t.idTagStatus && t.idTagStatus !== 'Accepted' ? ` (${esc(t.idTagStatus)})` : ''}</td><td>${dt(t.startedAt)}</td>
      <td>${t.state === 'running' ? 'running' : dt(t.stoppedAt)}</td>
      <td>${t.meterStop !== null ? ((t.meterStop - t.meterStart) / 1000).toFixed(3) : ''}</td><td>${esc(t.stopReason ?? '')}</td></tr>`).join('')
      || '<tr><td colspan="7" class="dim">none yet</td></tr>';
    setText('tx-message', `${txs.length} recorded`);
  }
}
