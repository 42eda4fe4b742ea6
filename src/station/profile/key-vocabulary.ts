/**
 * The configuration keys the twin's own logic reads, under the names its code uses (the EVlink guide's
 * names), with the OCPP 1.6 §9 standard key each one is, and the value the twin uses when a device
 * profile does not declare the key at all. A profile may declare a key under the guide's name, under the
 * 1.6 standard name, or under its own name with `standardKey` pointing at the 1.6 name; the configuration
 * store resolves all three. An undeclared key is invisible to the central system (GetConfiguration lists
 * it in unknownKey, ChangeConfiguration answers NotSupported) and the station behaves as the fallback says.
 *
 * OCPP 1.6 gives defaults for none of these keys; each fallback is the value that leaves the feature off,
 * or the behaviour 1.6 describes when the key is absent (see docs/conformance/device-profile.md).
 */

export interface VocabularyEntry {
  /** The OCPP 1.6 §9 name, when the key is a standard one. */
  standard?: string;
  /** Value used when the profile declares the key under none of its names; absent = the profile must declare it. */
  fallback?: string;
}

export const KEY_VOCABULARY: Readonly<Record<string, VocabularyEntry>> = {
  HeartbeatInterval: { standard: 'HeartbeatInterval' },
  ResendBootNotificationInterval: { fallback: '0' },
  MinimumStatusDuration: { standard: 'MinimumStatusDuration', fallback: '0' },
  WebSocketPingInterval: { standard: 'WebSocketPingInterval', fallback: '0' },
  ConnectionTimeOut: { standard: 'ConnectionTimeOut', fallback: '60' },
  ResetRetries: { standard: 'ResetRetries', fallback: '1' },
  GetConfigurationMaxKeys: { standard: 'GetConfigurationMaxKeys', fallback: '0' },
  AuthorizeRemoteTxRequests: { standard: 'AuthorizeRemoteTxRequests', fallback: 'false' },
  AuthenticationOCPPMode: { fallback: 'true' },
  DefaultIdTag: { fallback: 'DEFAULT' },
  AllowOfflineTxForUnknownId: { standard: 'AllowOfflineTxForUnknownId', fallback: 'false' },
  AuthorizationCacheEnabled: { standard: 'AuthorizationCacheEnabled', fallback: 'false' },
  LocalAuthListEnabled: { standard: 'LocalAuthListEnabled', fallback: 'false' },
  LocalPreAuthorize: { standard: 'LocalPreAuthorize', fallback: 'false' },
  LocalAuthorizeOffline: { standard: 'LocalAuthorizeOffline', fallback: 'false' },
  LocalAuthListMaxLength: { standard: 'LocalAuthListMaxLength', fallback: '65535' },
  SendLocalListMaxLength: { standard: 'SendLocalListMaxLength', fallback: '65535' },
  AuthorizationKey: { standard: 'AuthorizationKey', fallback: '' },
  SampledData: { standard: 'MeterValuesSampledData', fallback: 'Energy.Active.Import.Register' },
  SampledDataInterval: { standard: 'MeterValueSampleInterval', fallback: '0' },
  SampledDataTxEnded: { standard: 'StopTxnSampledData', fallback: '' },
  AlignedData: { standard: 'MeterValuesAlignedData', fallback: 'Energy.Active.Import.Register' },
  AlignedDataInterval: { standard: 'ClockAlignedDataInterval', fallback: '0' },
  AlignedDataTxEnded: { standard: 'StopTxnAlignedData', fallback: '' },
  SampledDataMaxLength: { standard: 'MeterValuesSampledDataMaxLength', fallback: '65535' },
  SampledDataTxEndedMaxLength: { standard: 'StopTxnSampledDataMaxLength', fallback: '65535' },
  AlignedDataMaxLength: { standard: 'MeterValuesAlignedDataMaxLength', fallback: '65535' },
  AlignedDataTxEndedMaxLength: { standard: 'StopTxnAlignedDataMaxLength', fallback: '65535' },
  MessageAttemptsTransactionEvent: { standard: 'TransactionMessageAttempts', fallback: '3' },
  MessageAttemptIntervalTransactionEvent: { standard: 'TransactionMessageRetryInterval', fallback: '60' },
  ChargeProfileMaxStackLevel: { standard: 'ChargeProfileMaxStackLevel', fallback: '8' },
  ChargingScheduleMaxPeriods: { standard: 'ChargingScheduleMaxPeriods', fallback: '24' },
  MaxChargingProfilesInstalled: { standard: 'MaxChargingProfilesInstalled', fallback: '16' },
  EvPresenceNotification: { fallback: 'false' },
  compressDiagnostic: { fallback: 'false' },
  PhasesConnection: { fallback: '1' },
  PlugNumberingMode: { fallback: '0' },
  EnableDoubleNotification: { fallback: 'false' },
  LedIntensity: { fallback: '100' },
};

/**
 * The declared key a name of the vocabulary resolves to in a profile's key table: the name itself, else
 * its 1.6 standard name, else a key whose `standardKey` is that standard name.
 */
export function resolveKey(declared: ReadonlyMap<string, { standardKey?: string }>, name: string): string | undefined {
  if (declared.has(name)) return name;
  const std = KEY_VOCABULARY[name]?.standard;
  if (std === undefined) return undefined;
  if (declared.has(std)) return std;
  for (const [key, def] of declared) if (def.standardKey === std) return key;
  return undefined;
}

/** Vocabulary names a profile must declare (no fallback) but does not. */
export function missingRequiredKeys(declared: ReadonlyMap<string, { standardKey?: string }>): string[] {
  return Object.entries(KEY_VOCABULARY).filter(([name, e]) => e.fallback === undefined && resolveKey(declared, name) === undefined).map(([name]) => name);
}
