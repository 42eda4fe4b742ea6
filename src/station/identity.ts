/**
 * Who the station says it is in BootNotification (OCPP 1.6 §6.2). Lengths are checked against the
 * schema's limits when the station is created, so a bad serial never reaches the wire.
 */
import type { BootNotificationReq } from '../ocpp/index.ts';
import { TwinError } from '../shared/errors.ts';

export interface StationIdentity {
  chargePointId: string;
  vendor: string;
  model: string;
  serialNumber: string;
  firmwareVersion: string;
  meterType?: string;
  meterSerialNumber?: string;
}

const LIMITS: Array<[keyof StationIdentity, number]> = [
  ['vendor', 20], ['model', 20], ['serialNumber', 25], ['firmwareVersion', 50], ['meterType', 25], ['meterSerialNumber', 25],
];

export function checkIdentity(id: StationIdentity): StationIdentity {
  for (const [field, max] of LIMITS) {
    const v = id[field];
    if (v !== undefined && v.length > max) throw new TwinError('TWIN_ERR_IDENTITY_TOO_LONG', `${field} "${v}" is longer than ${max} characters (BootNotification.req)`);
  }
  if (!id.chargePointId) throw new TwinError('TWIN_ERR_IDENTITY_NO_ID', 'a charge point id is required');
  return id;
}

export function bootNotificationOf(id: StationIdentity): BootNotificationReq {
  return {
    chargePointVendor: id.vendor,
    chargePointModel: id.model,
    chargePointSerialNumber: id.serialNumber,
    chargeBoxSerialNumber: id.serialNumber,
    firmwareVersion: id.firmwareVersion,
    ...(id.meterType !== undefined ? { meterType: id.meterType } : {}),
    ...(id.meterSerialNumber !== undefined ? { meterSerialNumber: id.meterSerialNumber } : {}),
  };
}
