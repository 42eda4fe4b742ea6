/**
 * `chargetwin ctl <command>`: drive running twins through the control API.
 */
import { ControlApiClient } from '../api-client/client.ts';
import { TwinError } from '../shared/errors.ts';
import { parse, stringOption, UsageError } from './args.ts';

export const CTL_USAGE = `Usage: chargetwin ctl [--api URL] [--json] <command> [args]

Commands:
  list                              stations and their connector status
  state <id>                        full state of a station (JSON)
  plug <id> [connector]             plug the cable in          unplug <id> [connector]
  ev <id> <connector> on|off        the EV asks for energy, or stops
  badge <id> <idTag> [connector]    present a badge            stop <id> [connector]   press stop
  error <id> <code> [connector]     raise a vendor error       clear <id> <code> [connector]
  network <id> on|off               restore or cut the link    power <id> on|off
  reboot <id> [Soft|Hard]
  frames <id> [action]              the OCPP frame log
  call <id> <Action> '<json>'       send a central-system call from the embedded CSMS
  clock [pause|resume|scale <x>|ff <seconds>]
Options: --api URL (default http://127.0.0.1:9230), --json, --help`;

export async function runCtl(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { api: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help || positionals.length === 0) { console.log(CTL_USAGE); return values.help ? 0 : 2; }
  const c = new ControlApiClient(stringOption(values, 'api') ?? 'http://127.0.0.1:9230');
  const [cmd, ...a] = positionals as [string, ...string[]];
  const need = (n: number): void => { if (a.length < n) throw new UsageError(`ctl ${cmd}: missing arguments (see chargetwin ctl --help)`); };
  const conn = (i: number): number => {
    if (a[i] === undefined) return 1;
    const n = Number(a[i]);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`connector must be a non-negative integer, got "${a[i]}"`);
    return n;
  };
  const onOff = (v: string | undefined): boolean => {
    if (v === 'on') return true;
    if (v === 'off') return false;
    throw new UsageError(`expected on or off, got "${v ?? ''}"`);
  };
  let out: unknown;
  try {
    switch (cmd) {
      case 'list': out = await c.stations(); break;
      case 'state': need(1); out = await c.station(a[0]!); break;
      case 'plug': need(1); out = await c.plug(a[0]!, conn(1)); break;
      case 'unplug': need(1); out = await c.unplug(a[0]!, conn(1)); break;
      case 'ev': need(3); out = await c.evRequesting(a[0]!, conn(1), onOff(a[2])); break;
      case 'badge': need(2); out = await c.badge(a[0]!, a[1]!, a[2] !== undefined ? conn(2) : undefined); break;
      case 'stop': need(1); out = await c.stop(a[0]!, conn(1)); break;
      case 'error': need(2); out = await c.raiseError(a[0]!, a[1]!, conn(2)); break;
      case 'clear': need(2); out = await c.clearError(a[0]!, a[1]!, conn(2)); break;
      case 'network': need(2); out = await c.network(a[0]!, onOff(a[1])); break;
      case 'power': need(2); out = await c.power(a[0]!, onOff(a[1])); break;
      case 'reboot': need(1); out = await c.reboot(a[0]!, a[1] === 'Hard' ? 'Hard' : 'Soft'); break;
      case 'frames': need(1); out = await c.frames(a[0]!, a[1] ? { action: a[1] } : {}); break;
      case 'call': {
        need(3);
        let payload: unknown;
        try { payload = JSON.parse(a[2]!); } catch { throw new UsageError('the payload must be JSON, e.g. \'{"type":"Soft"}\''); }
        out = await c.csmsCall(a[0]!, a[1]!, payload);
        break;
      }
      case 'clock': {
        const [sub, arg] = a;
        if (!sub) out = await c.clock();
        else if (sub === 'pause' || sub === 'resume') out = await c.clock({ action: sub });
        else if (sub === 'scale' && arg) out = await c.clock({ action: 'scale', scale: Number(arg) });
        else if (sub === 'ff' && arg) out = await c.clock({ action: 'fast-forward', seconds: Number(arg) });
        else throw new UsageError('clock: pause | resume | scale <x> | ff <seconds>');
        break;
      }
      default: throw new UsageError(`unknown ctl command "${cmd}" (see chargetwin ctl --help)`);
    }
  } catch (e) {
    if (e instanceof TwinError) { process.stderr.write(`chargetwin ctl: ${e.code}: ${e.message}\n`); return 1; }
    throw e;
  }
  if (values.json || cmd !== 'list') console.log(JSON.stringify(out, null, values.json ? 0 : 2));
  else for (const s of out as Array<{ id: string; registration: string; link: string; connectors: Array<{ id: number; status: string }> }>) {
    console.log(`${s.id}\t${s.registration}\t${s.link}\t${s.connectors.map((x) => `${x.id}:${x.status}`).join(' ')}`);
  }
  return 0;
}
