/**
 * Argument parsing for the CLI on node:util parseArgs, strict: an unknown flag or a bad value is a
 * UsageError, which main prints as one line and exits with status 2. Every flag is checked here, before
 * a command starts anything (a socket, a database, a twin).
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isIP } from 'node:net';
import { evlinkProAc } from '../station/profile/index.ts';
import { closestName } from './did-you-mean.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Where the CLI writes: the terminal by default, a buffer in tests. */
export interface CliIo { out(line: string): void; err(line: string): void }
export const stdio: CliIo = {
  out: (line) => { process.stdout.write(`${line}\n`); },
  err: (line) => { process.stderr.write(`${line}\n`); },
};

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * A number with a leading minus (`ctl clock ff -5`, `--port -5`) is a value, never a flag: parseArgs
 * would take it for an unknown short option or an ambiguous value. It is passed through behind this mark,
 * which parse() removes again, so the number reaches the check that says what is wrong with it.
 */
const NEGATIVE_NUMBER = /^-\d/;
const MARK = '\u0000';
const unmark = (v: string): string => (v.startsWith(MARK) ? v.slice(MARK.length) : v);

export function parse(argv: string[], options: Options): { values: Values; positionals: string[] } {
  const all: Options = { ...options, help: { type: 'boolean', short: 'h' } };
  try {
    const r = parseArgs({ args: argv.map((a) => (NEGATIVE_NUMBER.test(a) ? MARK + a : a)), options: all, strict: true, allowPositionals: true });
    const values: Values = {};
    for (const [k, v] of Object.entries(r.values as Values)) values[k] = typeof v === 'string' ? unmark(v) : Array.isArray(v) ? v.map(unmark) : v;
    return { values, positionals: r.positionals.map(unmark) };
  } catch (e) {
    throw new UsageError(parseFailure(e as Error & { code?: string }, Object.keys(all)));
  }
}

/** parseArgs' message in one line a person can act on: the flag, what is wrong, and the flag they probably meant. */
function parseFailure(e: Error & { code?: string }, known: string[]): string {
  const flag = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag !== undefined) {
    const guess = flag.startsWith('--') ? closestName(flag.slice(2), known) : undefined;
    return `unknown option ${flag} (${guess !== undefined ? `did you mean --${guess}?` : 'see --help'})`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag !== undefined) {
    if (/argument missing/.test(e.message)) return `${flag} needs a value`;
    if (/does not take an argument/.test(e.message)) return `${flag} takes no value`;
    return `${flag}: bad value; write ${flag}=<value> for a value that starts with "-"`;
  }
  return (e.message.split('\n')[0] ?? 'bad arguments').replace(/'/g, '');
}

/** Refuses positional arguments for commands that take none (a typo like `--port 1 2` would be lost). */
export function noPositionals(command: string, positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`${command}: unexpected argument "${positionals[0]}" (see chargetwin ${command} --help)`);
}

export function intOption(values: Record<string, unknown>, name: string, fallback: number, min = 0, max = 65535): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer between ${min} and ${max}, got "${String(raw)}"`);
  return n;
}

export function stringOption(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  if (typeof v !== 'string') return undefined;
  if (v.trim() === '') throw new UsageError(`--${name} must not be empty`);
  return v;
}

/** A product reference among the profile's models (spaces ignored, as the guide prints "EVB3S 22N4"). */
export function modelOption(values: Record<string, unknown>): string | undefined {
  const raw = stringOption(values, 'model');
  if (raw === undefined) return undefined;
  const ref = raw.replace(/\s+/g, '');
  const known = evlinkProAc.models.map((m) => m.reference);
  if (!known.includes(ref)) throw new UsageError(`--model "${raw}" is not an EVlink Pro AC model; known: ${known.join(', ')}`);
  return ref;
}

/** A charge point identity: it becomes the last segment of the websocket URL. */
export function idOption(values: Record<string, unknown>, required: boolean): string | undefined {
  const id = stringOption(values, 'id');
  if (id === undefined) {
    if (required) throw new UsageError('--id <id> is required');
    return undefined;
  }
  if (!/^[\x21-\x7e]+$/.test(id) || /[/?#%]/.test(id)) throw new UsageError(`--id must be printable ASCII without spaces, "/", "?", "#" or "%", got "${id}"`);
  return id;
}

/** A URL whose scheme is one of `schemes` (e.g. ws/wss for a central system, http/https for the API). */
export function urlOption(values: Record<string, unknown>, name: string, schemes: string[]): string | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try { url = new URL(raw); } catch { throw new UsageError(`--${name} must be a ${schemes.join(':// or ')}:// URL, got "${raw}"`); }
  if (!schemes.includes(url.protocol.replace(/:$/, '')) || url.hostname === '') throw new UsageError(`--${name} must be a ${schemes.join(':// or ')}:// URL, got "${raw}"`);
  return raw;
}

/** The environment variable that carries the control API's bearer token (preferred to --api-token, which `ps` shows). */
export const API_TOKEN_ENV = 'CHARGETWIN_API_TOKEN';

/** The control API token: --api-token, else CHARGETWIN_API_TOKEN, else none. Printable ASCII, 16 to 256 characters. */
export function apiTokenOption(values: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = stringOption(values, 'api-token') ?? (env[API_TOKEN_ENV] || undefined);
  if (raw === undefined) return undefined;
  const from = values['api-token'] !== undefined ? '--api-token' : API_TOKEN_ENV;
  if (!/^[\x21-\x7e]{16,256}$/.test(raw)) throw new UsageError(`${from} must be 16 to 256 printable ASCII characters without spaces`);
  return raw;
}

/** The environment variable that makes /metrics answer without the API token (Kubernetes manifests set it). */
export const METRICS_PUBLIC_ENV = 'CHARGETWIN_METRICS_PUBLIC';

/**
 * Whether /metrics answers without the API token: --metrics-public, else CHARGETWIN_METRICS_PUBLIC set to
 * 1/true/yes (0/false/no or empty: no). Any other value is a usage error rather than a silent choice.
 */
export function metricsPublicOption(values: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): boolean {
  if (values['metrics-public'] === true) return true;
  const raw = (env[METRICS_PUBLIC_ENV] ?? '').trim().toLowerCase();
  if (raw === '' || raw === '0' || raw === 'false' || raw === 'no') return false;
  if (raw === '1' || raw === 'true' || raw === 'yes') return true;
  throw new UsageError(`${METRICS_PUBLIC_ENV} must be 1, true, yes, 0, false or no, got "${env[METRICS_PUBLIC_ENV]}"`);
}

/** The environment variable that sets where the control API listens (the container image sets 0.0.0.0). */
export const API_HOST_ENV = 'CHARGETWIN_API_HOST';

/**
 * Where the control API listens: --api-host, else $CHARGETWIN_API_HOST, else 127.0.0.1. Any address that
 * is not loopback is an explicit choice and needs a token (checked here, before anything starts).
 */
export function apiHostOption(values: Record<string, unknown>, token: string | undefined, isLoopback: (host: string) => boolean, env: NodeJS.ProcessEnv = process.env): string {
  const fromFlag = stringOption(values, 'api-host');
  const from = fromFlag !== undefined ? '--api-host' : `$${API_HOST_ENV}`;
  const host = fromFlag ?? (env[API_HOST_ENV] || undefined) ?? '127.0.0.1';
  if (isIP(host) === 0 && host !== 'localhost') throw new UsageError(`${from} must be an IP address or localhost, got "${host}"`);
  if (!isLoopback(host) && token === undefined) throw new UsageError(`${from} ${host} is not loopback: give a token with --api-token or ${API_TOKEN_ENV}`);
  return host;
}

/** The environment variable that carries the AuthorizationKey (preferred, with --auth-key-file, to --auth-key). */
export const AUTH_KEY_ENV = 'CHARGETWIN_AUTH_KEY';

/**
 * The AuthorizationKey: --auth-key-file (its content, trailing line ends removed), --auth-key, else
 * CHARGETWIN_AUTH_KEY, else none. A file that cannot be read is a runtime failure (Error: exit 1); a bad
 * key is a usage error. No message ever quotes the key.
 */
export function authKeyOption(values: Record<string, unknown>, maxLength: number, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = stringOption(values, 'auth-key-file');
  const flag = stringOption(values, 'auth-key');
  if (file !== undefined && flag !== undefined) throw new UsageError('give the AuthorizationKey once: --auth-key-file or --auth-key, not both');
  let key: string | undefined;
  let from: string;
  if (file !== undefined) {
    try { key = readFileSync(file, 'utf8').replace(/[\r\n]+$/, ''); } catch (e) {
      throw new Error(`--auth-key-file: cannot read "${file}" (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    from = `--auth-key-file: the key in "${file}"`;
  } else if (flag !== undefined) {
    key = flag;
    from = '--auth-key';
  } else {
    key = env[AUTH_KEY_ENV] || undefined;
    from = AUTH_KEY_ENV;
  }
  if (key === undefined) return undefined;
  if (key.length > maxLength || !/^[\x21-\x7e]+$/.test(key)) throw new UsageError(`${from} must be 1 to ${maxLength} printable ASCII characters without spaces`);
  return key;
}
