/**
 * Seeded hostile OCPP-J frames for fuzzing a station, each with the answer OCPP-J 1.6 §4 expects:
 * a CALLRESULT, a CALLERROR with a given code under the CALL's id (or under "-1" when the id cannot be
 * read), or nothing (answers, unknown message types). Payloads are the guide's operations, valid or
 * mutated; whether a mutated payload still passes the official schema is decided by the validator, and
 * the code of a failure by the §4.2.3 mapping of src/ocpp/error-codes.
 */
import { isActionName, ocppValidator, type ActionName, type RpcErrorCode } from '../../src/ocpp/index.ts';

export type Expected =
  | { answer: 'result'; id: string; action: string }
  | { answer: 'error'; id: string; code: RpcErrorCode; action?: string }
  | { answer: 'none' };

export interface HostileFrame { text: string; expected: Expected }

/** The operations the EVlink Pro AC handles (guide, "Supported OCPP Operations"), with a valid request each. */
function samples(iso: string, n: number): Record<string, Record<string, unknown>> {
  return {
    CancelReservation: { reservationId: n % 5 },
    ChangeAvailability: { connectorId: n % 3, type: n % 2 ? 'Operative' : 'Inoperative' },
    ChangeConfiguration: { key: ['HeartbeatInterval', 'MeterValueSampleInterval', 'WebSocketPingInterval', 'ConnectionTimeOut', 'NoSuchKey', 'AuthorizeRemoteTxRequests'][n % 6], value: ['60', '0', '-1', 'abc', 'true', '3600'][n % 6] },
    ClearCache: {},
    ClearChargingProfile: n % 2 ? {} : { id: n % 4 },
    DataTransfer: { vendorId: n % 2 ? 'Schneider Electric' : 'Other', messageId: 'fuzz', data: String(n) },
    GetCompositeSchedule: { connectorId: n % 2, duration: 3600, chargingRateUnit: n % 2 ? 'A' : 'W' },
    GetConfiguration: n % 2 ? {} : { key: ['HeartbeatInterval', 'AuthorizationKey', 'Unknown'] },
    GetDiagnostics: { location: 'ftp://127.0.0.1:1/diag/', retries: 1, retryInterval: 5 },
    GetLocalListVersion: {},
    RemoteStartTransaction: { idTag: n % 3 ? 'TAG-1' : 'TAG-BAD', connectorId: 1 + (n % 2) },
    RemoteStopTransaction: { transactionId: 100 + (n % 3) },
    ReserveNow: { connectorId: n % 2, expiryDate: iso, idTag: 'TAG-1', reservationId: n % 5 },
    Reset: { type: n % 2 ? 'Soft' : 'Hard' },
    SendLocalList: { listVersion: n % 7, updateType: 'Full' },
    SetChargingProfile: {
      connectorId: n % 2,
      csChargingProfiles: {
        chargingProfileId: n % 4, stackLevel: n % 3, chargingProfilePurpose: n % 2 ? 'TxDefaultProfile' : 'ChargePointMaxProfile', chargingProfileKind: 'Absolute',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 + (n % 26) }] },
      },
    },
    TriggerMessage: { requestedMessage: ['BootNotification', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues', 'StatusNotification'][n % 6], ...(n % 3 ? { connectorId: n % 3 } : {}) },
    UnlockConnector: { connectorId: n % 3 },
    UpdateFirmware: { location: 'http://127.0.0.1:1/fw.bin', retrieveDate: iso, retries: 0 },
  };
}

export const EVLINK_OPERATIONS = Object.keys(samples('', 0));
const CP_INITIATED = ['Heartbeat', 'BootNotification', 'StatusNotification', 'MeterValues', 'Authorize', 'StartTransaction'];
const SECURITY_EXTENSIONS = ['ExtendedTriggerMessage', 'GetLog', 'InstallCertificate', 'SignedUpdateFirmware', 'CertificateSigned'];
const UNKNOWN_ACTIONS = ['FlyMeToTheMoon', 'heartbeat', '', 'Reset ', 'GetVariables'];
const VALUES: unknown[] = [null, true, 0, -1, 1.5, 2 ** 53, '', 'x', 'x'.repeat(600), [], {}, [1, 2], { a: 1 }, '2026-01-01T00:00:00Z', 'Hard', 'Accepted'];

export function hostileFrames(rnd: () => number, isoNow: () => string) {
  const validator = ocppValidator();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const expectCall = (id: string, action: string, payload: Record<string, unknown>): Expected => {
    if (!isActionName(action)) return { answer: 'error', id, code: 'NotImplemented', action };
    if (!EVLINK_OPERATIONS.includes(action)) return { answer: 'error', id, code: 'NotSupported', action };
    const failure = validator.check(action as ActionName, 'req', payload);
    return failure ? { answer: 'error', id, code: failure.code, action } : { answer: 'result', id, action };
  };
  const mutate = (p: Record<string, unknown>): Record<string, unknown> => {
    const o: Record<string, unknown> = structuredClone(p);
    const keys = Object.keys(o);
    switch (Math.floor(rnd() * 4)) {
      case 0: if (keys.length) delete o[pick(keys)]; break;
      case 1: if (keys.length) o[pick(keys)] = pick(VALUES); break;
      case 2: o[pick(['extra', 'type', 'connectorId', 'idTag'])] = pick(VALUES); break;
      default: {
        const nested = keys.find((k) => typeof o[k] === 'object' && o[k] !== null);
        if (nested) (o[nested] as Record<string, unknown>)[pick(['chargingProfileId', 'stackLevel', 'chargingSchedule', 'x'])] = pick(VALUES);
        else if (keys.length) o[pick(keys)] = pick(VALUES);
      }
    }
    return o;
  };
  return (n: number): HostileFrame => {
    const id = `fz-${n}`;
    const none: Expected = { answer: 'none' };
    const unreadable = (text: string): HostileFrame => ({ text, expected: { answer: 'error', id: '-1', code: 'FormationViolation' } });
    const r = Math.floor(rnd() * 24);
    switch (r) {
      case 0: return unreadable(`[2,"${id}","Heartbeat",{`); // truncated JSON
      case 1: return unreadable('x'.repeat(Math.floor(rnd() * 5000)));
      case 2: return unreadable(JSON.stringify(pick([{ not: 'an array' }, 42, 'text', null, true])));
      case 3: return unreadable(JSON.stringify([2, pick([n, null, '', 'y'.repeat(37), {}]), 'Reset', { type: 'Soft' }]));
      case 4: {
        const bytes = Array.from({ length: 24 }, () => Math.floor(rnd() * 0xd7ff));
        const text = `\u0001${String.fromCharCode(...bytes)}`; // never valid JSON: starts with a control character
        return unreadable(text);
      }
      case 5: return { text: JSON.stringify(pick([[2, id, 'Reset'], [2, id, 'Reset', { type: 'Soft' }, 'extra']])), expected: { answer: 'error', id, code: 'FormationViolation' } };
      case 6: return { text: JSON.stringify([2, id, pick([7, null, {}, ['Reset']]), {}]), expected: { answer: 'error', id, code: 'FormationViolation' } };
      case 7: return { text: JSON.stringify([2, id, pick(EVLINK_OPERATIONS), pick([null, [], 'payload', 3, [{ type: 'Soft' }]])]), expected: { answer: 'error', id, code: 'FormationViolation' } };
      case 8: return { text: JSON.stringify([pick([0, 1, 5, 99, '2', null, -2]), id, 'Reset', { type: 'Soft' }]), expected: none };
      case 9: return { text: JSON.stringify([3, `unknown-${n}`, pick([{}, { status: 'Accepted' }])]), expected: none };
      case 10: return { text: JSON.stringify([4, `unknown-${n}`, pick(['GenericError', 'Nonsense', 5]), pick(VALUES), pick(VALUES)]), expected: none };
      case 11: return { text: JSON.stringify([pick([3, 4]), pick([null, 7, ''])]), expected: none };
      case 12: { const a = pick(UNKNOWN_ACTIONS); const p = { type: 'Soft' }; return { text: JSON.stringify([2, id, a, p]), expected: expectCall(id, a, p) }; }
      case 13: { const a = pick([...CP_INITIATED, ...SECURITY_EXTENSIONS]); return { text: JSON.stringify([2, id, a, {}]), expected: expectCall(id, a, {}) }; }
      default: {
        const action = pick(EVLINK_OPERATIONS);
        const base = samples(isoNow(), n)[action]!;
        const payload = rnd() < 0.45 ? base : mutate(base);
        return { text: JSON.stringify([2, id, action, payload]), expected: expectCall(id, action, payload) };
      }
    }
  };
}
