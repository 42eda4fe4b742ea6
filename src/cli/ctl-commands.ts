/**
 * The commands of `chargetwin ctl`: each checks its arguments when built (a UsageError before any
 * request) and returns the call to make on the control API client.
 */
import type { ControlApiClient } from '../api-client/client.ts';
import type { LocalListEntry } from '../station/control-surface.ts';
import { UsageError } from './args.ts';
import { closestName } from './did-you-mean.ts';
import { FAULT_USAGE, faultCommand } from './ctl-fault.ts';

export const CTL_USAGE = `Usage: chargetwin ctl [--api URL] [--json] <command> [args]

Commands:
  list [text]                           stations and their connector status (ids containing text)
  state <id>                            full state of a station (JSON)
  add <id> [model]                      add a station to the running process
  remove <id>                           remove a station
  plug <id> [connector] [idle]          plug in an EV that asks for energy (idle: one that does not yet)
  unplug <id> [connector]               unplug the cable
  set-ev <id> <connector> key=value...  the simulated EV: maxCurrentA, phases (1|3), capacityKWh, socPercent, cableRatingA (13|20|32|63)
  ev <id> <connector> on|off            the EV asks for energy, or stops
  badge <id> <idTag> [connector]        present a badge
  stop <id> [connector]                 press the stop button
  error <id> <code> [connector]         raise a vendor error (1.0 … 18.1; connector 0 = the station)
  clear <id> <code> [connector]         clear a vendor error
  availability <id> <connector> operative|inoperative
                                        availability set by a local operator (connector 0 = the station)
  local-list <id>                       the local authorization list
  local-list <id> set '<json entries>' [version]
                                        replace it, e.g. '[{"idTag":"TAG1","status":"Accepted"}]'
  transactions <id>                     the station's own record of its transactions
  csms-transactions                     the embedded central system's ledger (demo only)
  network <id> on|off                   restore or cut the link
  power <id> on|off                     restore or cut the power
  reboot <id> [Soft|Hard]
  frames <id> [action]                  the OCPP frame log, one line per frame as the demo prints it
  call <id> <Action> '<json>'           send a central-system call from the embedded CSMS (demo only)
  ${FAULT_USAGE}
  clock [pause|resume|scale <x>|ff <seconds>]

Options: --api URL (default http://127.0.0.1:9230), --json (one JSON line per answer), --help
         --api-token T: the API's bearer token (better: the environment variable CHARGETWIN_API_TOKEN,
         which other local users cannot read from the process list)
Exit status: 0 done, 1 the API answered an error (its code on stderr), 2 bad usage.`;

type Call = (c: ControlApiClient) => Promise<unknown>;

/** The command names, as the usage lists them (for "did you mean"). */
const CTL_COMMANDS = [...new Set([...CTL_USAGE.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]!))];

const MAX_FF_SECONDS = 31 * 86_400;

const EV_KEYS = ['maxCurrentA', 'phases', 'capacityKWh', 'socPercent', 'cableRatingA'] as const;

function arity(cmd: string, args: string[], min: number, max: number): void {
  if (args.length < min) throw new UsageError(`ctl ${cmd}: missing arguments (see chargetwin ctl --help)`);
  if (args.length > max) throw new UsageError(`ctl ${cmd}: unexpected argument "${args[max]}" (see chargetwin ctl --help)`);
}

function connector(raw: string | undefined, fallback = 1): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,4}$/.test(raw)) throw new UsageError(`connector must be a non-negative integer, got "${raw}"`);
  return Number(raw);
}

function onOff(raw: string | undefined): boolean {
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new UsageError(`expected on or off, got "${raw ?? ''}"`);
}

function number(what: string, raw: string | undefined, min: number, max: number): number {
  const n = raw !== undefined && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`${what} must be a number between ${min} and ${max}, got "${raw ?? ''}"`);
  return n;
}

function json(what: string, raw: string): unknown {
  try { return JSON.parse(raw); } catch { throw new UsageError(`${what} must be JSON, got "${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}"`); }
}

function evSettings(pairs: string[]): Record<string, number> {
  const ev: Record<string, number> = {};
  for (const p of pairs) {
    const m = /^(\w+)=(.+)$/.exec(p);
    if (!m || !(EV_KEYS as readonly string[]).includes(m[1]!)) throw new UsageError(`set-ev: expected key=value with key one of ${EV_KEYS.join(', ')}, got "${p}"`);
    ev[m[1]!] = number(m[1]!, m[2], 0, 1000);
  }
  return ev;
}

/** The seconds of `clock ff`: time only moves forward, by at most 31 days (the API's bound). */
function fastForwardSeconds(raw: string): number {
  const n = raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n <= 0 || n > MAX_FF_SECONDS) throw new UsageError(`clock ff: the seconds must be positive (at most ${MAX_FF_SECONDS}, 31 days), got "${raw}"`);
  return n;
}

/** The call of `cmd` with `a` (positional arguments after the command), checked now. */
export function ctlCommand(cmd: string, a: string[]): Call {
  switch (cmd) {
    case 'list': arity(cmd, a, 0, 1); return (c) => c.summaries(a[0]);
    case 'state': arity(cmd, a, 1, 1); return (c) => c.station(a[0]!);
    case 'add': arity(cmd, a, 1, 2); return (c) => c.addStation(a[0]!, a[1]);
    case 'remove': arity(cmd, a, 1, 1); return (c) => c.removeStation(a[0]!);
    case 'plug': {
      arity(cmd, a, 1, 3);
      const n = connector(a[1]);
      if (a[2] !== undefined && a[2] !== 'idle' && a[2] !== 'requesting') throw new UsageError(`plug: expected idle or requesting after the connector, got "${a[2]}"`);
      const requesting = a[2] === undefined ? undefined : a[2] === 'requesting';
      return (c) => c.plug(a[0]!, n, requesting);
    }
    case 'unplug': { arity(cmd, a, 1, 2); const n = connector(a[1]); return (c) => c.unplug(a[0]!, n); }
    case 'set-ev': { arity(cmd, a, 3, 2 + EV_KEYS.length); const n = connector(a[1]); const ev = evSettings(a.slice(2)); return (c) => c.setEv(a[0]!, n, ev); }
    case 'ev': { arity(cmd, a, 3, 3); const n = connector(a[1]); const on = onOff(a[2]); return (c) => c.evRequesting(a[0]!, n, on); }
    case 'badge': { arity(cmd, a, 2, 3); const n = a[2] !== undefined ? connector(a[2]) : undefined; return (c) => c.badge(a[0]!, a[1]!, n); }
    case 'stop': { arity(cmd, a, 1, 2); const n = connector(a[1]); return (c) => c.stop(a[0]!, n); }
    case 'error': { arity(cmd, a, 2, 3); const n = connector(a[2]); return (c) => c.raiseError(a[0]!, a[1]!, n); }
    case 'clear': { arity(cmd, a, 2, 3); const n = connector(a[2]); return (c) => c.clearError(a[0]!, a[1]!, n); }
    case 'availability': {
      arity(cmd, a, 3, 3);
      const n = connector(a[1]);
      if (a[2] !== 'operative' && a[2] !== 'inoperative') throw new UsageError(`availability: expected operative or inoperative, got "${a[2]}"`);
      const operative = a[2] === 'operative';
      return (c) => c.availability(a[0]!, n, operative);
    }
    case 'local-list': {
      arity(cmd, a, 1, 4);
      if (a.length === 1) return (c) => c.localList(a[0]!);
      if (a[1] !== 'set' || a[2] === undefined) throw new UsageError('local-list: <id> | <id> set \'<json entries>\' [version]');
      const entries = json('the entries', a[2]);
      if (!Array.isArray(entries)) throw new UsageError('local-list set: the entries must be a JSON array');
      const version = a[3] !== undefined ? number('version', a[3], 0, 2 ** 31 - 1) : undefined;
      if (version !== undefined && !Number.isInteger(version)) throw new UsageError(`version must be an integer, got "${a[3]}"`);
      return (c) => c.setLocalList(a[0]!, entries as LocalListEntry[], version);
    }
    case 'transactions': arity(cmd, a, 1, 1); return (c) => c.transactions(a[0]!);
    case 'csms-transactions': arity(cmd, a, 0, 0); return (c) => c.csmsTransactions();
    case 'network': { arity(cmd, a, 2, 2); const on = onOff(a[1]); return (c) => c.network(a[0]!, on); }
    case 'power': { arity(cmd, a, 2, 2); const on = onOff(a[1]); return (c) => c.power(a[0]!, on); }
    case 'reboot': {
      arity(cmd, a, 1, 2);
      const kind = a[1] ?? 'Soft';
      if (kind !== 'Soft' && kind !== 'Hard') throw new UsageError(`reboot: the kind is Soft or Hard, got "${kind}"`);
      return (c) => c.reboot(a[0]!, kind);
    }
    case 'frames': arity(cmd, a, 1, 2); return (c) => c.frames(a[0]!, a[1] ? { action: a[1] } : {});
    case 'call': {
      arity(cmd, a, 3, 3);
      const payload = json('the payload', a[2]!);
      return (c) => c.csmsCall(a[0]!, a[1]!, payload);
    }
    case 'fault': return faultCommand(a);
    case 'clock': {
      arity(cmd, a, 0, 2);
      const [sub, arg] = a;
      if (sub === undefined) return (c) => c.clock();
      if ((sub === 'pause' || sub === 'resume') && arg === undefined) return (c) => c.clock({ action: sub });
      if (sub === 'scale' && arg !== undefined) { const scale = number('scale', arg, 0.001, 10_000); return (c) => c.clock({ action: 'scale', scale }); }
      if (sub === 'ff' && arg !== undefined) { const seconds = fastForwardSeconds(arg); return (c) => c.clock({ action: 'fast-forward', seconds }); }
      throw new UsageError('clock: pause | resume | scale <x> | ff <seconds>');
    }
    default: {
      const guess = closestName(cmd, CTL_COMMANDS);
      throw new UsageError(`unknown ctl command "${cmd}" (${guess !== undefined ? `did you mean ${guess}? ` : ''}see chargetwin ctl --help)`);
    }
  }
}
