/**
 * OCPP 1.6 §5.6 DataTransfer from the central system. The guide documents no vendor-specific message
 * this unit accepts, so: a vendorId other than the station's → UnknownVendorId; the station's own
 * vendorId with any messageId → UnknownMessageId (see docs/conformance/device-profile.md).
 */
import type { StationFeature } from '../station.ts';

export function dataTransfer(vendorId: string): StationFeature {
  return (ctx) => {
    ctx.handle('DataTransfer', (req) => ({ status: req.vendorId === vendorId ? 'UnknownMessageId' : 'UnknownVendorId' }));
  };
}
