/**
 * `chargetwin ctl <command>`: drive running twins through the control API. Arguments are checked
 * before any request (exit 2, one line); an error answered by the API exits 1 with its code.
 */
import { ControlApiClient } from '../api-client/client.ts';
import { TwinError } from '../shared/errors.ts';
import { apiTokenOption, parse, stdio, urlOption, UsageError, type CliIo } from './args.ts';
import { CTL_USAGE, ctlCommand } from './ctl-commands.ts';

export { CTL_USAGE };

interface StationLine { id: string; registration: string; link: string; connectors: Array<{ id: number; status: string }> }
interface TxLine { connectorId: number; transactionId: number | null; idTag: string; state: string; meterStart: number; meterStop: number | null; stopReason: string | null }

/** Text for a person; --json gives the API's answer as one JSON line instead. */
function human(cmd: string, out: unknown): string {
  if (cmd === 'list') return (out as StationLine[]).map((s) => `${s.id}\t${s.registration}\t${s.link}\t${s.connectors.map((x) => `${x.id}:${x.status}`).join(' ')}`).join('\n');
  if (cmd === 'transactions' && Array.isArray(out)) {
    return (out as TxLine[]).map((t) => `${t.connectorId}\t${t.transactionId ?? '-'}\t${t.idTag}\t${t.state}\t${t.meterStart}→${t.meterStop ?? '…'} Wh\t${t.stopReason ?? ''}`).join('\n');
  }
  return JSON.stringify(out, null, 2);
}

export async function runCtl(argv: string[], io: CliIo = stdio): Promise<number> {
  const { values, positionals } = parse(argv, { api: { type: 'string' }, 'api-token': { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) { io.out(CTL_USAGE); return 0; }
  if (positionals.length === 0) throw new UsageError('ctl: a command is required (see chargetwin ctl --help)');
  const api = urlOption(values, 'api', ['http', 'https']) ?? 'http://127.0.0.1:9230';
  const token = apiTokenOption(values);
  const [cmd, ...args] = positionals as [string, ...string[]];
  const run = ctlCommand(cmd, args);
  let out: unknown;
  try {
    out = await run(new ControlApiClient(api, token !== undefined ? { token } : {}));
  } catch (e) {
    if (e instanceof TwinError) { io.err(`chargetwin ctl: ${e.code}: ${e.message}`); return 1; }
    throw e;
  }
  const text = values.json ? JSON.stringify(out) : human(cmd, out);
  if (text !== '') io.out(text);
  return 0;
}
