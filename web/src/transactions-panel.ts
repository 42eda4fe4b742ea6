/**
 * The selected station's transactions as the embedded central system recorded them
 * (GET /api/stations/{id}/transactions). Without an embedded central system it says so.
 */
import { api, isNoCsms, stationPath } from './api.ts';
import { byId, esc, setText } from './dom.ts';
import type { LedgerTransaction } from './types.ts';

export const TRANSACTION_ACTIONS = new Set(['StartTransaction', 'StopTransaction']);

export class TransactionsPanel {
  #generation = 0;

  html(): string {
    return `
  <div class="panel" id="transactions-panel"><h2>Transactions (central system's ledger)</h2>
    <span id="tx-message" class="dim"></span>
    <table class="grid"><thead><tr><th>#</th><th>conn.</th><th>idTag</th><th>start</th><th>stop</th><th>kWh</th><th>reason</th></tr></thead><tbody id="tx-rows"></tbody></table></div>`;
  }

  async load(stationId: string): Promise<void> {
    const generation = ++this.#generation;
    let txs: LedgerTransaction[];
    try {
      txs = await api<LedgerTransaction[]>('GET', `${stationPath(stationId)}/transactions`);
    } catch (e) {
      if (generation !== this.#generation) return;
      setText('tx-message', isNoCsms(e) ? 'not available: no embedded central system runs in this process, so there is no ledger to show' : `could not load transactions (${e instanceof Error ? e.message : String(e)})`);
      const rows = byId('tx-rows');
      if (rows) rows.innerHTML = '';
      return;
    }
    if (generation !== this.#generation) return;
    const rows = byId('tx-rows');
    if (!rows) return;
    const dt = (iso: string | undefined): string => (iso ? esc(iso.replace('T', ' ').slice(0, 19)) : '—');
    rows.innerHTML = txs.slice().reverse().slice(0, 50).map((t) => `<tr data-transaction="${t.transactionId}"><td>${t.transactionId}</td><td>${t.start.connectorId}</td>
      <td>${esc(t.start.idTag)}</td><td>${dt(t.start.timestamp)}</td><td>${t.stop ? dt(t.stop.timestamp) : 'running'}</td>
      <td>${t.stop ? ((t.stop.meterStop - t.start.meterStart) / 1000).toFixed(3) : ''}</td><td>${esc(t.stop?.reason ?? (t.stop ? 'Local' : ''))}${t.anomalies.length ? ` ⚠ ${esc(t.anomalies.join('; '))}` : ''}</td></tr>`).join('')
      || '<tr><td colspan="7" class="dim">none yet</td></tr>';
    setText('tx-message', `${txs.length} recorded`);
  }
}
