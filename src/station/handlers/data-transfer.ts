/**
 * OCPP 1.6 §5.6 DataTransfer from the central system. The guide documents no vendor-specific message
 * this unit accepts, so: a vendorId other than the station's → UnknownVendorId; the station's own
 * vendorId with any messageId → UnknownMessageId (see docs/conformance/device-profile.md).
 */
import type { OperationSet } from '../station.ts';

/** Built once per device profile (its vendor id). */
export function dataTransfer(vendorId: string): OperationSet {
  return {
    handlers: { DataTransfer: (req) => ({ status: req.vendorId === vendorId ? 'UnknownMessageId' : 'UnknownVendorId' }) },
  };
}
