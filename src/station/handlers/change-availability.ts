/**
 * OCPP 1.6 §5.2 ChangeAvailability for connector 0 (the whole station) or one connector. Accepted, or
 * Scheduled while a transaction runs there (applied when it ends). Availability is part of the
 * persisted session state, so it is kept across reboots (§5.2: "persistent").
 */
import type { OperationSet } from '../station.ts';
import { sessionsOf } from '../sessions/sessions.ts';

export const changeAvailability: OperationSet = {
  handlers: {
    ChangeAvailability: (req, _hctx, st) => {
      if (req.connectorId < 0 || req.connectorId > st.connectorCount) return { status: 'Rejected' };
      const s = sessionsOf(st);
      const operative = req.type === 'Operative';
      const targets = req.connectorId === 0 ? s.state.connectors : [s.connector(req.connectorId)];
      const busy = targets.some((c) => c.tx);
      if (req.connectorId === 0) {
        s.state.stationOperative = operative;
        s.publishStation();
      }
      for (const c of targets) s.dispatch(c.id, { type: operative ? 'MadeOperative' : 'MadeInoperative' });
      if (req.connectorId === 0) for (const c of targets) s.publish(c.id);
      s.save();
      return { status: busy && !operative ? 'Scheduled' : 'Accepted' };
    },
  },
};
