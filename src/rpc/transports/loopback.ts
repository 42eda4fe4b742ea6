/**
 * An in-memory transport pair for tests: what one side sends, the other receives on a microtask (never
 * synchronously, like a socket). `offline` drops frames silently; `disconnect()` closes both ends.
 */
import type { Transport, TransportEvents } from '../transport.ts';

export interface LoopbackPair {
  a: Transport;
  b: Transport;
  /** When true, frames are lost in both directions (a half-dead network). */
  offline: boolean;
  disconnect(code?: number, reason?: string): void;
}

export function createLoopbackPair(): LoopbackPair {
  let open = true;
  let aEvents: TransportEvents | undefined;
  let bEvents: TransportEvents | undefined;
  const pair: LoopbackPair = {
    offline: false,
    a: undefined as unknown as Transport,
    b: undefined as unknown as Transport,
    disconnect(code = 1006, reason = '') {
      if (!open) return;
      open = false;
      queueMicrotask(() => { aEvents?.close(code, reason); bEvents?.close(code, reason); });
    },
  };
  const end = (peer: () => TransportEvents | undefined, set: (e: TransportEvents) => void): Transport => ({
    send(text) {
      if (!open || pair.offline) return;
      queueMicrotask(() => { if (open) peer()?.message(text); });
    },
    close(code = 1000, reason = '') { pair.disconnect(code, reason); },
    attach(events) { set(events); },
    get isOpen() { return open; },
  });
  pair.a = end(() => bEvents, (e) => { aEvents = e; });
  pair.b = end(() => aEvents, (e) => { bEvents = e; });
  return pair;
}
