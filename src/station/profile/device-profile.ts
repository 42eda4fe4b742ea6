/**
 * A device profile: everything that makes a twin a particular product, as data (identity, models,
 * supported operations, smart-charging restrictions, configuration keys, vendor error codes).
 * `parseDeviceProfile` checks a JSON document and names the first bad path; a second product needs a
 * second file, not code.
 */
import { TwinError } from '../../shared/errors.ts';
import { ACTIONS, type ActionName } from '../../ocpp/index.ts';
import { checkValue } from '../config/value-rules.ts';
import { missingRequiredKeys } from './key-vocabulary.ts';

export type KeyType = 'boolean' | 'integer' | 'string' | 'csl';

export interface ConfigKeyDef {
  key: string;
  type: KeyType;
  access: 'RO' | 'RW';
  default: string;
  min?: number;
  max?: number;
  maxLength?: number;
  unit?: string;
  /** Allowed members of a comma-separated list. */
  members?: string[];
  /** Meanings of integer values (PhasesConnection: 1 = Tri123 …). */
  labels?: Record<string, string>;
  rebootRequired?: boolean;
  /** Write-only: never returned by GetConfiguration, never logged. */
  secret?: boolean;
  /** The OCPP 1.6 standard key this one corresponds to, when there is one. */
  standardKey?: string;
  description: string;
}

export interface ModelDef {
  reference: string;
  powerKW: number;
  phases: 1 | 3;
  ratedCurrentA: number;
  outlet: 'T2S-socket' | 'tethered-cable';
  connectors: 1 | 2;
  midMeter: boolean;
  reading: string;
}

export interface VendorErrorDef {
  code: string;
  group: string;
  name: string;
  description: string;
  errorCode: string;
  scope: 'station' | 'connector';
  faults: boolean;
  /** StopTransaction reason when this fault ends a running transaction (absent: the transaction is not stopped). */
  stopReason?: VendorStopReason;
}

/** Reasons a vendor fault may give a StopTransaction (OCPP 1.6 §7.38). */
export const VENDOR_STOP_REASONS = ['EmergencyStop', 'Other'] as const;
export type VendorStopReason = typeof VENDOR_STOP_REASONS[number];

export interface DeviceProfile {
  profileVersion: number;
  vendor: string;
  vendorId: string;
  productFamily: string;
  defaultModel: string;
  defaultFirmwareVersion: string;
  nominalVoltageV: number;
  models: ModelDef[];
  operations: { chargePointInitiated: string[]; centralSystemInitiated: string[]; notSupported: string[] };
  smartCharging: { allowedUnits: Array<'A' | 'W'>; ignoredAttributes: string[]; purposes: string[]; recurrencyKinds: string[] };
  configurationKeys: ConfigKeyDef[];
  vendorErrors: VendorErrorDef[];
  /** The key table by name, built once when the profile is parsed and shared by every station. */
  keyIndex: ReadonlyMap<string, ConfigKeyDef>;
}

const ERROR_CODES = ['ConnectorLockFailure', 'EVCommunicationError', 'GroundFailure', 'HighTemperature', 'InternalError', 'LocalListConflict', 'NoError', 'OtherError', 'OverCurrentFailure', 'PowerMeterFailure', 'PowerSwitchFailure', 'ReaderFailure', 'ResetFailure', 'UnderVoltage', 'OverVoltage', 'WeakSignal'];

type Obj = Record<string, unknown>;

function fail(path: string, problem: string): never {
  throw new TwinError('TWIN_ERR_PROFILE_INVALID', `device profile ${path}: ${problem}`, { details: { path } });
}
function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'must be an object');
  return v as Obj;
}
function str(o: Obj, k: string, path: string, max = Infinity): string {
  const v = o[k];
  if (typeof v !== 'string') fail(`${path}.${k}`, 'must be a string');
  if (v.length > max) fail(`${path}.${k}`, `must be at most ${max} characters`);
  return v;
}
function num(o: Obj, k: string, path: string, optional = false): number | undefined {
  const v = o[k];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}.${k}`, 'must be a number');
  return v;
}
function strings(o: Obj, k: string, path: string): string[] {
  const v = o[k];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(`${path}.${k}`, 'must be an array of strings');
  return v as string[];
}
function oneOf<T extends string>(o: Obj, k: string, path: string, allowed: readonly T[]): T {
  const v = o[k];
  if (!allowed.includes(v as T)) fail(`${path}.${k}`, `must be one of ${allowed.join(', ')}`);
  return v as T;
}

function parseKey(raw: unknown, path: string): ConfigKeyDef {
  const o = obj(raw, path);
  const def: ConfigKeyDef = {
    key: str(o, 'key', path, 50),
    type: oneOf(o, 'type', path, ['boolean', 'integer', 'string', 'csl'] as const),
    access: oneOf(o, 'access', path, ['RO', 'RW'] as const),
    default: str(o, 'default', path, 500),
    description: str(o, 'description', path),
  };
  for (const k of ['min', 'max', 'maxLength'] as const) { const n = num(o, k, path, true); if (n !== undefined) def[k] = n; }
  if (o.unit !== undefined) def.unit = str(o, 'unit', path);
  if (o.members !== undefined) def.members = strings(o, 'members', path);
  if (o.labels !== undefined) def.labels = obj(o.labels, `${path}.labels`) as Record<string, string>;
  if (o.rebootRequired !== undefined) def.rebootRequired = o.rebootRequired === true;
  if (o.secret !== undefined) def.secret = o.secret === true;
  if (o.standardKey !== undefined) def.standardKey = str(o, 'standardKey', path);
  if (def.type === 'csl' && !def.members) fail(path, 'a csl key needs its allowed members');
  if (def.min !== undefined && def.max !== undefined && def.min > def.max) fail(`${path}.min`, `min ${def.min} is greater than max ${def.max}`);
  if (def.type !== 'integer' && (def.min !== undefined || def.max !== undefined)) fail(path, 'only an integer key has min/max');
  if (checkValue(def, def.default) !== def.default) fail(`${path}.default`, `${JSON.stringify(def.default.slice(0, 40))} is not a valid ${def.type} value for this key`);
  return def;
}

export function parseDeviceProfile(json: unknown): DeviceProfile {
  const o = obj(json, '$');
  const models = (Array.isArray(o.models) ? o.models : fail('$.models', 'must be an array')).map((m, i) => {
    const p = `$.models[${i}]`;
    const mo = obj(m, p);
    return {
      reference: str(mo, 'reference', p, 20), powerKW: num(mo, 'powerKW', p)!, phases: oneOf(mo, 'phases', p, [1, 3] as unknown as readonly string[]) as unknown as 1 | 3,
      ratedCurrentA: num(mo, 'ratedCurrentA', p)!, outlet: oneOf(mo, 'outlet', p, ['T2S-socket', 'tethered-cable'] as const),
      connectors: oneOf(mo, 'connectors', p, [1, 2] as unknown as readonly string[]) as unknown as 1 | 2, midMeter: mo.midMeter === true, reading: str(mo, 'reading', p),
    };
  });
  const keys = (Array.isArray(o.configurationKeys) ? o.configurationKeys : fail('$.configurationKeys', 'must be an array')).map((k, i) => parseKey(k, `$.configurationKeys[${i}]`));
  const seen = new Set<string>();
  for (const k of keys) { if (seen.has(k.key)) fail('$.configurationKeys', `duplicate key ${k.key}`); seen.add(k.key); }
  const errors = (Array.isArray(o.vendorErrors) ? o.vendorErrors : fail('$.vendorErrors', 'must be an array')).map((e, i) => {
    const p = `$.vendorErrors[${i}]`;
    const eo = obj(e, p);
    const def: VendorErrorDef = {
      code: str(eo, 'code', p, 50), group: str(eo, 'group', p), name: str(eo, 'name', p), description: str(eo, 'description', p, 50),
      errorCode: oneOf(eo, 'errorCode', p, ERROR_CODES), scope: oneOf(eo, 'scope', p, ['station', 'connector'] as const), faults: eo.faults === true,
    };
    // 1.6 §4.9: "EVCommunicationError SHALL only be used with status Preparing, SuspendedEV, SuspendedEVSE
    // and Finishing and be treated as warning"; a faulting error is reported Faulted, so it cannot be one.
    if (def.faults && def.errorCode === 'EVCommunicationError') fail(`${p}.errorCode`, 'EVCommunicationError is a warning in OCPP 1.6 §4.9 (only with Preparing, SuspendedEV, SuspendedEVSE or Finishing); a faulting error needs another code, e.g. OtherError');
    if (eo.stopReason !== undefined) {
      def.stopReason = oneOf(eo, 'stopReason', p, VENDOR_STOP_REASONS);
      if (!def.faults) fail(`${p}.stopReason`, 'only a faulting error (faults: true) can stop a transaction');
    }
    return def;
  });
  const ops = obj(o.operations, '$.operations');
  const sc = obj(o.smartCharging, '$.smartCharging');
  const profile: DeviceProfile = {
    profileVersion: num(o, 'profileVersion', '$')!, vendor: str(o, 'vendor', '$', 20), vendorId: str(o, 'vendorId', '$', 255),
    productFamily: str(o, 'productFamily', '$'), defaultModel: str(o, 'defaultModel', '$', 20),
    defaultFirmwareVersion: str(o, 'defaultFirmwareVersion', '$', 50), nominalVoltageV: num(o, 'nominalVoltageV', '$')!,
    models,
    operations: { chargePointInitiated: strings(ops, 'chargePointInitiated', '$.operations'), centralSystemInitiated: strings(ops, 'centralSystemInitiated', '$.operations'), notSupported: strings(ops, 'notSupported', '$.operations') },
    smartCharging: { allowedUnits: strings(sc, 'allowedUnits', '$.smartCharging') as Array<'A' | 'W'>, ignoredAttributes: strings(sc, 'ignoredAttributes', '$.smartCharging'), purposes: strings(sc, 'purposes', '$.smartCharging'), recurrencyKinds: strings(sc, 'recurrencyKinds', '$.smartCharging') },
    configurationKeys: keys,
    vendorErrors: errors,
    keyIndex: new Map(keys.map((k) => [k.key, k])),
  };
  if (!models.some((m) => m.reference === profile.defaultModel)) fail('$.defaultModel', `${profile.defaultModel} is not among the models`);
  checkOperations(profile.operations);
  checkSmartCharging(profile);
  const missing = missingRequiredKeys(profile.keyIndex);
  if (missing.length) fail('$.configurationKeys', `the twin needs ${missing.join(', ')} (under its own or its OCPP 1.6 name)`);
  return profile;
}

/** Every operation is an OCPP 1.6 action of the right direction, listed once (supported or not). */
function checkOperations(ops: DeviceProfile['operations']): void {
  const isAction = (n: string): n is ActionName => Object.hasOwn(ACTIONS, n);
  const dirOk = (n: string, sender: 'ChargePoint' | 'CentralSystem'): boolean => isAction(n) && (ACTIONS[n].direction === sender || ACTIONS[n].direction === 'Both');
  ops.chargePointInitiated.forEach((n, i) => { if (!dirOk(n, 'ChargePoint')) fail(`$.operations.chargePointInitiated[${i}]`, `${n} is not an action a charge point sends`); });
  ops.centralSystemInitiated.forEach((n, i) => { if (!dirOk(n, 'CentralSystem')) fail(`$.operations.centralSystemInitiated[${i}]`, `${n} is not an action a central system sends`); });
  ops.notSupported.forEach((n, i) => {
    if (!dirOk(n, 'CentralSystem')) fail(`$.operations.notSupported[${i}]`, `${n} is not an action a central system sends`);
    if (ops.centralSystemInitiated.includes(n)) fail(`$.operations.notSupported[${i}]`, `${n} is also listed as supported`);
  });
}

const UNITS = ['A', 'W'];
const PURPOSES = ['ChargePointMaxProfile', 'TxDefaultProfile', 'TxProfile'];
const RECURRENCY = ['Daily', 'Weekly'];
/** Attributes of a charging profile the twin knows how to ignore (the guide's "Parameter not used"). */
export const IGNORABLE_ATTRIBUTES = ['minChargingRate', 'numberPhases'];

function checkSmartCharging(p: DeviceProfile): void {
  const sc = p.smartCharging;
  const within = (list: string[], allowed: string[], k: string): void => list.forEach((v, i) => { if (!allowed.includes(v)) fail(`$.smartCharging.${k}[${i}]`, `must be one of ${allowed.join(', ')}`); });
  within(sc.allowedUnits, UNITS, 'allowedUnits');
  within(sc.purposes, PURPOSES, 'purposes');
  within(sc.recurrencyKinds, RECURRENCY, 'recurrencyKinds');
  within(sc.ignoredAttributes, IGNORABLE_ATTRIBUTES, 'ignoredAttributes');
  if (sc.allowedUnits.length === 0) fail('$.smartCharging.allowedUnits', 'must name at least one unit');
  const key = p.keyIndex.get('ChargingScheduleAllowedChargingRateUnit');
  if (key) {
    const declared = key.default.split(',').map((u) => (u === 'Current' ? 'A' : u === 'Power' ? 'W' : u)).sort().join(',');
    if (declared !== [...sc.allowedUnits].sort().join(',')) fail('$.smartCharging.allowedUnits', `must match ChargingScheduleAllowedChargingRateUnit (${key.default})`);
  }
}

/** The model entry of a product reference (spaces ignored: the guide prints "EVB3S 22N4"). */
export function findModel(profile: DeviceProfile, reference: string): ModelDef {
  const ref = reference.replace(/\s+/g, '');
  const m = profile.models.find((x) => x.reference === ref);
  if (!m) throw new TwinError('TWIN_ERR_PROFILE_UNKNOWN_MODEL', `unknown model ${reference}; known: ${profile.models.map((x) => x.reference).join(', ')}`);
  return m;
}
