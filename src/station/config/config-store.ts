/**
 * A station's configuration keys, generic over the device profile's key table (no per-key code).
 * OCPP 1.6 §5.3 ChangeConfiguration and §5.8 GetConfiguration semantics with the guide's access rights,
 * ranges and types; values travel as strings. Listeners hear every applied change, so the runtime can
 * re-arm timers at once.
 */
import type { GetConfigurationConf, GetConfigurationReq, ChangeConfigurationConf } from '../../ocpp/index.ts';
import { TwinError } from '../../shared/errors.ts';
import type { ConfigurationService } from '../ports.ts';
import type { ConfigKeyDef, DeviceProfile } from '../profile/device-profile.ts';
import { checkValue } from './value-rules.ts';

export type ChangeStatus = ChangeConfigurationConf['status'];

/** What persistence keeps: current values, and values waiting for a reboot. */
export interface ConfigSnapshot { values: Record<string, string>; pending: Record<string, string> }

export class ConfigStore implements ConfigurationService {
  #defs: ReadonlyMap<string, ConfigKeyDef>;
  /** Only values that differ from the profile's defaults (thousands of stations share the defaults). */
  #values = new Map<string, string>();
  #pending = new Map<string, string>();
  #listeners = new Set<(key: string, value: string) => void>();
  #dirtyListeners = new Set<() => void>();
  /** Extra acceptance rules per key, added by features (e.g. measurand lists). */
  #rules = new Map<string, (value: string) => boolean>();

  constructor(profile: DeviceProfile, overrides: Record<string, string> = {}, saved?: ConfigSnapshot) {
    this.#defs = profile.keyIndex;
    for (const [k, v] of Object.entries(overrides)) this.#set(k, v);
    if (saved) {
      for (const [k, v] of Object.entries(saved.values)) if (this.#defs.has(k)) this.#set(k, v);
      for (const [k, v] of Object.entries(saved.pending)) if (this.#defs.has(k)) this.#pending.set(k, v);
    }
  }

  #set(key: string, value: string): void {
    if (this.#def(key).default === value) this.#values.delete(key);
    else this.#values.set(key, value);
  }

  #get(key: string): string { return this.#values.get(key) ?? this.#def(key).default; }

  #def(key: string): ConfigKeyDef {
    const d = this.#defs.get(key);
    if (!d) throw new TwinError('TWIN_ERR_CONFIG_UNDECLARED', `configuration key ${key} is not declared by the device profile`);
    return d;
  }

  has(key: string): boolean { return this.#defs.has(key); }
  definition(key: string): ConfigKeyDef { return this.#def(key); }
  definitions(): ConfigKeyDef[] { return [...this.#defs.values()]; }

  str(key: string): string { return this.#get(key); }
  int(key: string): number { return Number(this.str(key)); }
  bool(key: string): boolean { return this.str(key) === 'true'; }
  list(key: string): string[] { return this.str(key).split(',').map((s) => s.trim()).filter(Boolean); }
  pending(key: string): string | undefined { return this.#pending.get(key); }

  /** Adds a feature's own acceptance rule for a key (checked after type and range). */
  addRule(key: string, accept: (value: string) => boolean): void { this.#def(key); this.#rules.set(key, accept); }

  onChange(fn: (key: string, value: string) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Hears every change of what `snapshot()` returns (applied or pending), for persistence. */
  onDirty(fn: () => void): () => void {
    this.#dirtyListeners.add(fn);
    return () => this.#dirtyListeners.delete(fn);
  }

  /**
   * GetConfiguration: every key, or the requested ones with the unknown ones in unknownKey. A secret key
   * is listed without its value. More keys requested than GetConfigurationMaxKeys: the first N are
   * answered and the rest reported in unknownKey (see docs/conformance/device-profile.md).
   */
  getConfiguration(req: GetConfigurationReq): GetConfigurationConf {
    const requested = req.key && req.key.length ? req.key : undefined;
    const known: ConfigKeyDef[] = [];
    const unknown: string[] = [];
    for (const k of requested ?? [...this.#defs.keys()]) {
      const d = this.#defs.get(k);
      if (d) known.push(d); else unknown.push(k);
    }
    const max = this.#defs.has('GetConfigurationMaxKeys') ? this.int('GetConfigurationMaxKeys') : Infinity;
    const answered = requested && max > 0 ? known.slice(0, max) : known;
    if (requested) unknown.push(...known.slice(answered.length).map((d) => d.key));
    return {
      configurationKey: answered.map((d) => ({ key: d.key, readonly: d.access === 'RO', ...(d.secret ? {} : { value: this.#get(d.key).slice(0, 500) }) })),
      ...(unknown.length ? { unknownKey: unknown } : {}),
    };
  }

  /** ChangeConfiguration: unknown → NotSupported; RO or invalid → Rejected; reboot-needed → RebootRequired. */
  change(key: string, value: string): ChangeStatus {
    const d = this.#defs.get(key);
    if (!d) return 'NotSupported';
    if (d.access === 'RO') return 'Rejected';
    const normalized = checkValue(d, value);
    if (normalized === undefined) return 'Rejected';
    const lengthKey = `${key}MaxLength`;
    if (d.type === 'csl' && this.#defs.has(lengthKey) && normalized.split(',').filter(Boolean).length > this.int(lengthKey)) return 'Rejected';
    const rule = this.#rules.get(key);
    if (rule && !rule(normalized)) return 'Rejected';
    if (d.rebootRequired) {
      this.#pending.set(key, normalized);
      for (const fn of this.#dirtyListeners) fn();
      return 'RebootRequired';
    }
    this.#apply(key, normalized);
    return 'Accepted';
  }

  /** Writes a value from inside the station (e.g. HeartbeatInterval from BootNotification.conf), RO included. */
  setInternal(key: string, value: string): void { this.#def(key); this.#apply(key, value); }

  applyPendingAfterReboot(): void {
    if (this.#pending.size === 0) return;
    for (const [k, v] of this.#pending) this.#set(k, v);
    this.#pending.clear();
    for (const fn of this.#dirtyListeners) fn();
  }

  snapshot(): ConfigSnapshot {
    return { values: Object.fromEntries(this.#values), pending: Object.fromEntries(this.#pending) };
  }

  #apply(key: string, value: string): void {
    this.#set(key, value);
    for (const fn of this.#listeners) fn(key, value);
    for (const fn of this.#dirtyListeners) fn();
  }
}
