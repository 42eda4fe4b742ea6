/**
 * The transport port: what the RPC layer needs from a socket, and nothing else. The ws adapters and the
 * in-memory loopback pair implement it; the RPC layer never imports `ws`.
 */
export interface TransportEvents {
  message(text: string): void;
  close(code: number, reason: string): void;
}

export interface Transport {
  /** Sends one text frame. Frames sent after close are dropped. */
  send(text: string): void;
  close(code?: number, reason?: string): void;
  /** Registers the one listener of this transport (the RPC connection). */
  attach(events: TransportEvents): void;
  readonly isOpen: boolean;
}
