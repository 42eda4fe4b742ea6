/**
 * `chargetwin ctl <command>`: drive running twins through the control API. Arguments are checked
 * before any request (exit 2, one line); an error answered by the API exits 1 with its code.
 */
import { ControlApiClient } from '../api-client/client.ts';
import { TwinError } from '../shared/errors.ts';
import { apiTokenOption, parse, stdio, urlOption, UsageError, type CliIo } from './args.ts';
import { CTL_USAGE, ctlCommand } from './ctl-commands.ts';
import { formatFrame } from './frame-log.ts';
import { faultTable } from './ctl-fault.ts';

export { CTL_USAGE };

const DEFAULT_API = 'http://127.0.0.1:9230';

interface StationLine { id: string; registration: string; link: string; connectors: Array<{ id: number; status: string }> }
interface TxLine { connectorId: number; transactionId: number | null; idTag: string; state: string; meterStart: number; meterStop: number | null; stopReason: string | null }

interface FrameLine { at: number; direction: 'in' | 'out'; text: string; action: string; injected?: string }

/** Text for a person; --json gives the API's answer as one JSON line instead. Tables are tab-separated, with a header row. */
function human(cmd: string, args: string[], out: unknown): string {
  if (cmd === 'list') {
    const rows = (out as StationLine[]).map((s) => `${s.id}\t${s.registration}\t${s.link}\t${s.connectors.map((x) => `${x.id}:${x.status}`).join(' ')}`);
    return ['ID\tREGISTRATION\tLINK\tCONNECTORS', ...rows].join('\n');
  }
  if (cmd === 'transactions' && Array.isArray(out)) {
    const rows = (out as TxLine[]).map((t) => `${t.connectorId}\t${t.transactionId ?? '-'}\t${t.idTag}\t${t.state}\t${t.meterStart}→${t.meterStop ?? '…'} Wh\t${t.stopReason ?? ''}`);
    return ['CONNECTOR\tTRANSACTION\tIDTAG\tSTATE\tMETER\tSTOP REASON', ...rows].join('\n');
  }
  if (cmd === 'frames' && Array.isArray(out)) {
    // The demo's live log format, one line per frame; results and errors carry their call's action.
    const width = process.stdout.isTTY === true && process.stdout.columns ? Math.max(80, process.stdout.columns) : Infinity;
    return (out as FrameLine[]).map((f) => formatFrame(f.at, args[0] ?? '', f.direction, f.text, () => f.action, { color: false, width, ...(f.injected ? { injected: f.injected } : {}) })).join('\n');
  }
  if (cmd === 'fault' && Array.isArray(out)) return faultTable(out as Array<Record<string, unknown>>);
  return JSON.stringify(out, null, 2);
}

export async function runCtl(argv: string[], io: CliIo = stdio): Promise<number> {
  const { values, positionals } = parse(argv, { api: { type: 'string' }, 'api-token': { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) { io.out(CTL_USAGE); return 0; }
  if (positionals.length === 0) throw new UsageError('ctl: a command is required (see chargetwin ctl --help)');
  const api = urlOption(values, 'api', ['http', 'https']) ?? DEFAULT_API;
  const token = apiTokenOption(values);
  const [cmd, ...args] = positionals as [string, ...string[]];
  const run = ctlCommand(cmd, args);
  let out: unknown;
  try {
    out = await run(new ControlApiClient(api, token !== undefined ? { token } : {}));
  } catch (e) {
    if (e instanceof TwinError) {
      const hint = e.code === 'TWIN_ERR_API_UNREACHABLE' ? ` (is chargetwin demo or station running there? --api <url> picks another address; default ${DEFAULT_API})` : '';
      io.err(`chargetwin ctl: ${e.code}: ${e.message}${hint}`);
      return 1;
    }
    throw e;
  }
  const text = values.json ? JSON.stringify(out) : human(cmd, args, out);
  if (text !== '') io.out(text);
  return 0;
}
