/**
 * OCPP 1.6 §5.7 GetCompositeSchedule: the schedule from now for `duration` seconds, in A when no unit is
 * asked; a unit the product does not support (W on the EVlink, guide "Smart Charging") → Rejected, as is
 * a connector that does not exist. The schedule starts at the whole second the request falls in and is
 * bounded whatever the duration asked (see compositeSchedule and docs/conformance/smart-charging.md).
 */
import type { OperationSet } from '../station.ts';
import { smartChargingOf } from '../station-smart-charging.ts';

export const getCompositeSchedule: OperationSet = {
  handlers: {
    GetCompositeSchedule: (req, _hctx, st) => {
      const sc = smartChargingOf(st);
      const unit = req.chargingRateUnit ?? 'A';
      if (req.connectorId < 0 || req.connectorId > st.connectorCount || !sc.allowedUnits.includes(unit) || req.duration < 0) return { status: 'Rejected' };
      const schedule = sc.composite(req.connectorId, req.duration, unit);
      // The periods count from scheduleStart (§6.22), so it is the schedule's own whole-second start.
      return { status: 'Accepted', connectorId: req.connectorId, scheduleStart: schedule.startSchedule!, chargingSchedule: schedule };
    },
  },
};
