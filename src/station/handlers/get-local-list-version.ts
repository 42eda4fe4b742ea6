/**
 * OCPP 1.6 §5.10 GetLocalListVersion: the version of the list the installer manages on the device;
 * 0 when the list is empty ("A version number of 0 (zero) SHALL be used to indicate that the local
 * authorization list is empty"), whatever version an emptied list was given.
 */
import type { OperationSet } from '../station.ts';
import { sessionsOf } from '../sessions/sessions.ts';

export const getLocalListVersion: OperationSet = {
  handlers: {
    GetLocalListVersion: (_req, _hctx, st) => {
      const list = sessionsOf(st).auth.state.localList;
      return { listVersion: list.entries.length === 0 ? 0 : list.version };
    },
  },
};
