/**
 * OCPP 1.6 §5.17: the messages every station can be triggered to send, whatever its device profile and
 * features: BootNotification, Heartbeat and StatusNotification. Features add their own (MeterValues, the
 * file-transfer statuses); the station's blueprint puts these first.
 */
import type { OperationSet } from '../station.ts';

/** Registration, heartbeat and statuses: what every station can be triggered to send (OCPP 1.6 §5.17). */
export const CORE_OPERATIONS: OperationSet = {
  triggers: {
    BootNotification: (st) => ({ status: 'Accepted', send: () => st.boot.trigger() }),
    Heartbeat: (st) => ({
      status: 'Accepted',
      send: () => { st.uplink.call('Heartbeat', {}).catch((e: unknown) => st.log.log('warn', 'Heartbeat not delivered', { error: String(e) })); },
    }),
    StatusNotification: (st, connectorId) => {
      if (connectorId !== undefined && connectorId > st.connectorCount) return { status: 'Rejected' };
      return { status: 'Accepted', send: () => { if (connectorId === undefined) st.status.reportAll(); else st.status.report(connectorId); } };
    },
  },
};
