/**
 * A station's configuration keys, generic over the device profile's key table (no per-key code).
 * OCPP 1.6 §5.3 ChangeConfiguration and §5.8 GetConfiguration semantics with the guide's access rights,
 * ranges and types; values travel as strings. Listeners hear every applied change, so the runtime can
 * re-arm timers at once.
 *
 * The station's logic reads keys by the names of the key vocabulary (profile/key-vocabulary.ts): a name
 * resolves to the key the profile declares for it (its own, its 1.6 standard name, or a key mapped with
 * `standardKey`); a name the profile does not declare reads as the vocabulary's fallback. The central
 * system only ever sees the declared keys.
 */
import type { GetConfigurationConf, GetConfigurationReq, ChangeConfigurationConf } from '../../ocpp/index.ts';
import { TwinError } from '../../shared/errors.ts';
import { notifyConfigChange, type ConfigChangeListener, type ConfigurationService } from '../ports.ts';
import type { ConfigKeyDef, DeviceProfile } from '../profile/device-profile.ts';
import { KEY_VOCABULARY, resolveKey } from '../profile/key-vocabulary.ts';
import { checkValue } from './value-rules.ts';

export type ChangeStatus = ChangeConfigurationConf['status'];
/** When a change must be durable: before the call returns ('now'), or with the next group commit ('soon'). */
export type Durable = 'now' | 'soon';

/** What persistence keeps: current values, and values waiting for a reboot. */
export interface ConfigSnapshot { values: Record<string, string>; pending: Record<string, string> }

interface KeyAliases { aliasOf: ReadonlyMap<string, string>; aliasesFor: ReadonlyMap<string, string[]> }

/**
 * The alias tables of a key index, derived once per profile: a memo of a pure function of immutable
 * profile data (like the validators, decision D2), so thousands of stations share one copy.
 */
const aliasMemo = new WeakMap<ReadonlyMap<string, ConfigKeyDef>, KeyAliases>();
function aliasesOf(defs: ReadonlyMap<string, ConfigKeyDef>): KeyAliases {
  let memo = aliasMemo.get(defs);
  if (memo) return memo;
  const aliasOf = new Map<string, string>();
  const aliasesFor = new Map<string, string[]>();
  for (const name of Object.keys(KEY_VOCABULARY)) {
    const key = resolveKey(defs, name);
    if (key === undefined || key === name) continue;
    aliasOf.set(name, key);
    aliasesFor.set(key, [...(aliasesFor.get(key) ?? []), name]);
  }
  aliasMemo.set(defs, (memo = { aliasOf, aliasesFor }));
  return memo;
}

/**
 * Hears changes of what `snapshot()` returns: a function, or an object's `configDirty` (e.g. a persister).
 * `soon` is true when the change may be saved a moment later (a value the station gets again at each boot,
 * see `changeByName`); false when it must be durable before the station answers or sends anything.
 */
export type DirtyListener = ((soon: boolean) => void) | { configDirty(soon: boolean): void };

export class ConfigStore implements ConfigurationService {
  #defs: ReadonlyMap<string, ConfigKeyDef>;
  /** Only values that differ from the profile's defaults (thousands of stations share the defaults). */
  #values = new Map<string, string>();
  /** Values waiting for a reboot; made on first use (usually none). */
  #pending: Map<string, string> | undefined;
  /**
   * Listeners in the order they came, each once. Exactly sized arrays replaced on every (rare) change,
   * lighter than a Set per station; a listener removed while a change is being told is not told it.
   */
  #listeners: readonly ConfigChangeListener[] = [];
  #dirtyListeners: readonly DirtyListener[] = [];
  /** Extra acceptance rules per key, added by features (e.g. measurand lists); made on first use. */
  #rules: Map<string, (value: string) => boolean> | undefined;

  /** Vocabulary name → declared key, for the names that resolve to a key of another name (per profile). */
  #aliasOf: ReadonlyMap<string, string>;
  /** Declared key → vocabulary names that resolve to it (their listeners hear its changes too; per profile). */
  #aliasesFor: ReadonlyMap<string, string[]>;
  /** Values written from inside the station for vocabulary keys the profile does not declare. */
  #internal: Map<string, string> | undefined;

  constructor(profile: DeviceProfile, overrides: Record<string, string> = {}, saved?: ConfigSnapshot) {
    this.#defs = profile.keyIndex;
    ({ aliasOf: this.#aliasOf, aliasesFor: this.#aliasesFor } = aliasesOf(profile.keyIndex));
    for (const [k, v] of Object.entries(overrides)) {
      const declared = this.#resolve(k);
      if (declared !== undefined) this.#set(declared, v);
      else { this.str(k); (this.#internal ??= new Map()).set(k, v); }
    }
    if (saved) {
      for (const [k, v] of Object.entries(saved.values)) if (this.#defs.has(k)) this.#set(k, v);
      for (const [k, v] of Object.entries(saved.pending)) if (this.#defs.has(k)) (this.#pending ??= new Map()).set(k, v);
    }
  }

  #set(key: string, value: string): void {
    if (this.#def(key).default === value) this.#values.delete(key);
    else this.#values.set(key, value);
  }

  #get(key: string): string { return this.#values.get(key) ?? this.#def(key).default; }

  /** The declared key a name reads from (itself, or the key it resolves to), if any. */
  #resolve(name: string): string | undefined {
    return this.#defs.has(name) ? name : this.#aliasOf.get(name);
  }

  #def(key: string): ConfigKeyDef {
    const d = this.#defs.get(key);
    if (!d) throw new TwinError('TWIN_ERR_CONFIG_UNDECLARED', `configuration key ${key} is not declared by the device profile`);
    return d;
  }

  /** Whether the profile declares the key (under this name, or the name resolves to a declared key). */
  has(key: string): boolean { return this.#resolve(key) !== undefined; }
  definition(key: string): ConfigKeyDef { return this.#def(this.#resolve(key) ?? key); }
  definitions(): ConfigKeyDef[] { return [...this.#defs.values()]; }

  /** The value of a declared key, or of a vocabulary name (resolved, else its fallback). */
  str(key: string): string {
    const declared = this.#resolve(key);
    if (declared !== undefined) return this.#get(declared);
    const internal = this.#internal?.get(key) ?? KEY_VOCABULARY[key]?.fallback;
    if (internal === undefined) throw new TwinError('TWIN_ERR_CONFIG_UNDECLARED', `configuration key ${key} is not declared by the device profile and has no fallback`);
    return internal;
  }
  int(key: string): number { return Number(this.str(key)); }
  bool(key: string): boolean { return this.str(key) === 'true'; }
  list(key: string): string[] { return this.str(key).split(',').map((s) => s.trim()).filter(Boolean); }
  pending(key: string): string | undefined { return this.#pending?.get(key); }

  /** Adds a feature's own acceptance rule for a key (checked after type and range). */
  addRule(key: string, accept: (value: string) => boolean): void {
    const declared = this.#resolve(key);
    if (declared !== undefined) { (this.#rules ??= new Map()).set(declared, accept); return; }
    this.str(key); // undeclared: nothing the central system can change, but the name must be known
  }

  onChange(fn: ConfigChangeListener): () => void {
    if (!this.#listeners.includes(fn)) this.#listeners = this.#listeners.concat([fn]);
    return () => { this.#listeners = this.#listeners.filter((l) => l !== fn); };
  }

  /** Hears every change of what `snapshot()` returns (applied or pending), for persistence. */
  onDirty(fn: DirtyListener): () => void {
    if (!this.#dirtyListeners.includes(fn)) this.#dirtyListeners = this.#dirtyListeners.concat([fn]);
    return () => { this.#dirtyListeners = this.#dirtyListeners.filter((l) => l !== fn); };
  }

  /**
   * GetConfiguration: every key, or the requested ones with the unknown ones in unknownKey. A secret key
   * is listed without its value. More keys requested than GetConfigurationMaxKeys (when it is above 0):
   * TWIN_ERR_CONFIG_TOO_MANY_KEYS carrying the OCPP-J code OccurenceConstraintViolation, which the
   * runtime sends as a CALLERROR (see docs/conformance/device-profile.md).
   */
  getConfiguration(req: GetConfigurationReq): GetConfigurationConf {
    const requested = req.key && req.key.length ? req.key : undefined;
    const known: ConfigKeyDef[] = [];
    const unknown: string[] = [];
    for (const k of requested ?? [...this.#defs.keys()]) {
      const d = this.#defs.get(k);
      if (d) known.push(d); else unknown.push(k);
    }
    const max = this.int('GetConfigurationMaxKeys');
    if (requested && max > 0 && requested.length > max) {
      throw new TwinError('TWIN_ERR_CONFIG_TOO_MANY_KEYS', `${requested.length} keys requested, GetConfigurationMaxKeys is ${max}`, { details: { rpcCode: 'OccurenceConstraintViolation' } });
    }
    return {
      configurationKey: known.map((d) => ({ key: d.key, readonly: d.access === 'RO', ...(d.secret ? {} : { value: this.#get(d.key).slice(0, 500) }) })),
      ...(unknown.length ? { unknownKey: unknown } : {}),
    };
  }

  /** ChangeConfiguration: unknown → NotSupported; RO or invalid → Rejected; reboot-needed → RebootRequired. */
  change(key: string, value: string, durable: Durable = 'now'): ChangeStatus {
    const d = this.#defs.get(key);
    if (!d) return 'NotSupported';
    if (d.access === 'RO') return 'Rejected';
    const normalized = checkValue(d, value);
    if (normalized === undefined) return 'Rejected';
    const lengthKey = `${key}MaxLength`;
    if (d.type === 'csl' && this.#defs.has(lengthKey) && normalized.split(',').filter(Boolean).length > this.int(lengthKey)) return 'Rejected';
    // Lowering a *MaxLength key below the number of entries its list holds now is Rejected, so the two
    // keys never disagree and no configured entry is silently dropped.
    if (key.endsWith('MaxLength')) {
      const listKey = key.slice(0, -'MaxLength'.length);
      if (this.#defs.get(listKey)?.type === 'csl' && this.#get(listKey).split(',').filter(Boolean).length > Number(normalized)) return 'Rejected';
    }
    const rule = this.#rules?.get(key);
    if (rule && !rule(normalized)) return 'Rejected';
    if (d.rebootRequired) {
      (this.#pending ??= new Map()).set(key, normalized);
      this.#dirty(durable === 'soon');
      return 'RebootRequired';
    }
    this.#apply(key, normalized, durable === 'soon');
    return 'Accepted';
  }

  /**
   * `change` by a vocabulary name. `durable: 'soon'` lets the persister save the change a moment later,
   * with other stations' (a value the central system gives again at every boot, such as the interval of
   * BootNotification.conf); by default it is saved before this returns.
   */
  changeByName(name: string, value: string, durable: Durable = 'now'): ChangeStatus {
    const declared = this.#resolve(name);
    return declared === undefined ? 'NotSupported' : this.change(declared, value, durable);
  }

  /** Writes a value from inside the station (e.g. HeartbeatInterval from BootNotification.conf), RO included. */
  setInternal(key: string, value: string): void {
    const declared = this.#resolve(key);
    if (declared !== undefined) { this.#apply(declared, value); return; }
    this.str(key);
    (this.#internal ??= new Map()).set(key, value);
    this.#tell(key, value);
  }

  applyPendingAfterReboot(): void {
    if (!this.#pending?.size) return;
    for (const [k, v] of this.#pending) this.#set(k, v);
    this.#pending = undefined;
    this.#dirty();
  }

  snapshot(): ConfigSnapshot {
    return { values: Object.fromEntries(this.#values), pending: Object.fromEntries(this.#pending ?? []) };
  }

  #dirty(soon = false): void {
    const all = this.#dirtyListeners;
    for (const l of all) {
      if (all !== this.#dirtyListeners && !this.#dirtyListeners.includes(l)) continue; // removed meanwhile
      if (typeof l === 'function') l(soon); else l.configDirty(soon);
    }
  }

  #tell(name: string, value: string): void {
    const all = this.#listeners;
    for (const fn of all) {
      if (all !== this.#listeners && !this.#listeners.includes(fn)) continue; // removed meanwhile
      notifyConfigChange(fn, name, value);
    }
  }

  #apply(key: string, value: string, soon = false): void {
    this.#set(key, value);
    for (const name of [key, ...(this.#aliasesFor.get(key) ?? [])]) this.#tell(name, value);
    this.#dirty(soon);
  }
}
