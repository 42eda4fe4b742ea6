/**
 * OCPP 1.6 §5.15 SendLocalList is "Not supported" on this product (guide, Supported OCPP Operations).
 * The station still knows the message (GetLocalListVersion of the same feature profile is supported),
 * so it answers with SendLocalList.conf status NotSupported, the status 1.6 §7.44 defines for exactly
 * this case, rather than a CALLERROR (which OCPP-J reserves for actions the receiver does not handle).
 */
import type { StationFeature } from '../station.ts';

export const sendLocalListNotSupported: StationFeature = (ctx) => {
  ctx.handle('SendLocalList', () => ({ status: 'NotSupported' }));
};
