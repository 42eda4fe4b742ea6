/**
 * The CSMS engineer's workbench above the station detail: the fleet view (always) and the central-system
 * console (only with an embedded central system). Each is a collapsible panel; the fleet view polls only
 * while it is open. Its styles live here, beside the panels they shape.
 */
import { ApiError } from './api.ts';
import { CsmsConsole } from './csms-console.ts';
import { FleetView } from './fleet-view.ts';

const STYLE = `
  #workbench { padding:12px 16px 0; display:grid; gap:12px; grid-template-columns:minmax(0, 1fr); }
  #workbench > details > summary { cursor:pointer; color:var(--dim); text-transform:uppercase; font-size:13px; letter-spacing:.05em; }
  #workbench > details > summary h2 { display:inline; }
  #workbench .fv-count { margin-right:8px; white-space:nowrap; }
  #workbench .fv-row { cursor:pointer; } #workbench .fv-row:hover td { background:#1d2a38; }
  #workbench .fv-sort[data-active="asc"]::after { content:" ▲"; } #workbench .fv-sort[data-active="desc"]::after { content:" ▼"; }
  #workbench .fv-scroll { max-height:320px; overflow:auto; }
  #workbench #fi-form { align-items:flex-end; }
  #workbench .fi-field { display:inline-flex; flex-wrap:wrap; gap:4px; align-items:center; max-width:100%; }
  #workbench .fi-field[hidden] { display:none; }
  #workbench .fi-field input:not([type="checkbox"]), #workbench .fi-field select { max-width:100%; min-width:0; }
  #workbench .fi-error { color:var(--bad); overflow-wrap:anywhere; }
  #workbench #fi-rules code { overflow-wrap:anywhere; }
  #workbench #fi-rules { max-width:100%; }
  #workbench #fv-table thead th { position:sticky; top:0; background:var(--panel); }
  .console-grid { display:grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap:12px; align-items:start; }
  @media (max-width: 900px) { .console-grid { grid-template-columns: 1fr; } }
  #console-form fieldset { border:1px solid var(--line); border-radius:4px; margin:4px 0; padding:4px 8px; }
  #console-form fieldset[disabled] > :not(legend) { opacity:.45; }
  #console-form .cf-field { display:flex; gap:8px; align-items:center; margin:3px 0; }
  #console-form .cf-field input, #console-form .cf-field select { flex:1; min-width:0; }
  #console-form .req { color:var(--warn); }
  .console-answer { font:12px ui-monospace, monospace; white-space:pre-wrap; word-break:break-word; background:#101a24; border-radius:4px; padding:6px; margin:4px 0; max-height:320px; overflow:auto; }
  .console-answer[data-outcome="result"] { color:var(--ok); } .console-answer[data-outcome="error"], .console-answer[data-outcome="refused"] { color:var(--bad); }
  #console-history td.refused, #console-history td.error { color:var(--bad); }
  #console-history code { word-break:break-all; }
`;

export interface Workbench { readonly fleet: FleetView; readonly console: CsmsConsole }

/** Builds the workbench above the dashboard's main area and starts it. */
export function startWorkbench(report: (what: string, e: unknown) => void, initialStation: string | undefined): Workbench {
  // A refused token brings up the prompt (api-token.ts); no error line for it on top.
  const onError = (what: string, e: unknown): void => { if (!(e instanceof ApiError && e.status === 401)) report(what, e); };
  const style = document.createElement('style');
  style.textContent = STYLE;
  document.head.append(style);
  const bench = document.createElement('section');
  bench.id = 'workbench';
  bench.innerHTML = '<details class="panel" id="fleet-view" open><summary><h2>Fleet view</h2></summary><div id="fleet-view-body"></div></details>'
    + '<details class="panel" id="csms-console" open hidden><summary><h2>Central-system console</h2></summary><div id="csms-console-body"></div></details>';
  document.querySelector('main')?.before(bench);

  const consolePanel = new CsmsConsole();
  consolePanel.setStation(initialStation);
  const consoleDetails = bench.querySelector<HTMLElement>('#csms-console')!;
  // Asked until the API answered (present or not): the first asks may come before the token is known.
  let consoleKnown = false;
  let consoleAsking = false;
  const askConsole = (): void => {
    if (consoleKnown || consoleAsking) return;
    consoleAsking = true;
    consolePanel.start(bench.querySelector<HTMLElement>('#csms-console-body')!)
      .then((present) => { consoleKnown = true; consoleDetails.hidden = !present; }, (e: unknown) => onError('central-system console', e))
      .finally(() => { consoleAsking = false; });
  };

  const fleet = new FleetView();
  const fleetDetails = bench.querySelector<HTMLDetailsElement>('#fleet-view')!;
  const fleetBody = bench.querySelector<HTMLElement>('#fleet-view-body')!;
  fleetBody.innerHTML = fleet.html();
  fleet.attach(fleetBody, onError);
  fleet.faults.sync();
  fleet.setStation(initialStation);
  const poll = (): void => {
    askConsole();
    if (fleetDetails.open) void fleet.refresh().catch((e: unknown) => onError('fleet view', e));
  };
  fleetDetails.addEventListener('toggle', poll);
  window.setInterval(poll, 2000);
  poll();
  return { fleet, console: consolePanel };
}
