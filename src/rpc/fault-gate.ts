/**
 * Where injected faults meet the wire: a Transport between a station's RPC connection and its socket.
 * With no rule in force it only taps frames into the log; with rules it drops, delays, duplicates or
 * answers frames as the station's FaultInjector decides, and marks each frame it touched in the log.
 * The frame tap lives here (not in the RPC connection), so the log shows what really crossed the wire.
 * Delays run on the wire clock (real time: a fast-forward does not move the network, decision D11).
 */
import type { Clock, TimerId } from '../shared/clock.ts';
import { CALL, CALLERROR, CALLRESULT, callErrorFrame, callResultFrame } from './frames.ts';
import type { FaultInjector, FaultRule } from './fault-injection.ts';
import type { Transport, TransportEvents } from './transport.ts';

/** Receives each frame as it crosses the wire; `injected` says what a fault did to it. */
export interface InjectedFrameSink { frame(direction: 'in' | 'out', text: string, injected?: string): void }

/** Who holds the rules (the runtime, which keeps them across reconnects and reboots). */
export interface FaultHost { readonly faults: FaultInjector | undefined }

/** Answers to incoming calls that a rule waits for, by message id (a few: one call in flight, plus late ones). */
const WAITING_ANSWERS = 8;

function peek(text: string): { type: number; id: string; action: string } | undefined {
  try {
    const f = JSON.parse(text) as unknown;
    if (!Array.isArray(f) || typeof f[0] !== 'number' || typeof f[1] !== 'string') return undefined;
    return { type: f[0], id: f[1], action: f[0] === CALL && typeof f[2] === 'string' ? f[2] : '' };
  } catch {
    return undefined;
  }
}

const join = (a: string | undefined, b: string): string => (a ? `${a}, ${b}` : b);

/** Hears the socket on behalf of one gate (Transport and TransportEvents both name a method close). */
class GateEvents implements TransportEvents {
  readonly #gate: FaultGate;
  constructor(gate: FaultGate) { this.#gate = gate; }
  message(text: string): void { this.#gate.received(text); }
  close(code: number, reason: string): void { this.#gate.socketClosed(code, reason); }
}

export class FaultGate implements Transport {
  readonly #inner: Transport;
  readonly #host: FaultHost;
  readonly #wire: Clock;
  readonly #tap: InjectedFrameSink | undefined;
  #events: TransportEvents | undefined;
  /** Incoming calls whose answer a delay/drop/duplicate rule waits for: message id → rule. */
  #waiting: Map<string, FaultRule> | undefined;
  #timers: Set<TimerId> | undefined;
  /** Wire time the last delayed frame of each direction goes: a link keeps frame order (TCP never reorders). */
  #inReadyAt = 0;
  #outReadyAt = 0;
  #closed = false;

  constructor(inner: Transport, host: FaultHost, wire: Clock, tap?: InjectedFrameSink) {
    this.#inner = inner;
    this.#host = host;
    this.#wire = wire;
    this.#tap = tap;
  }

  get isOpen(): boolean { return !this.#closed && this.#inner.isOpen; }

  attach(events: TransportEvents): void {
    this.#events = events;
    this.#inner.attach(new GateEvents(this));
  }

  close(code?: number, reason?: string): void {
    this.#stopTimers();
    this.#inner.close(code, reason);
  }

  /** From the socket: one frame arrived. */
  received(text: string): void {
    const faults = this.#host.faults;
    if (!faults?.active) return this.#deliver(text, undefined);
    const link = faults.link();
    if (link?.lost) return this.#log('in', text, 'loss');
    if (!link || link.delayMs === 0) return this.#deliver(text, undefined);
    this.#later('in', link.delayMs, (late) => this.#deliver(text, `latency ${late}ms`));
  }

  /** From the RPC connection: one frame to send. */
  send(text: string): void {
    const faults = this.#host.faults;
    if (!faults?.active && this.#waiting === undefined) return this.#toWire(text, undefined);
    const f = peek(text);
    if (f === undefined) return this.#toWire(text, undefined);
    let rule: FaultRule | undefined;
    if (f.type === CALL) rule = faults?.take('outgoing', f.action);
    else if (f.type === CALLRESULT || f.type === CALLERROR) {
      rule = this.#waiting?.get(f.id);
      if (rule) this.#waiting!.delete(f.id);
      if (this.#waiting?.size === 0) this.#waiting = undefined;
    }
    if (!rule) return this.#toWire(text, undefined);
    this.#apply(rule, text);
  }

  #apply(rule: FaultRule, text: string): void {
    switch (rule.mode) {
      case 'drop': return this.#log('out', text, 'drop');
      case 'duplicate': this.#toWire(text, undefined); return this.#toWire(text, 'duplicate');
      case 'delay': return this.#later('out', rule.ms ?? 0, () => this.#toWire(text, `delay ${rule.ms}ms`), true);
      default: return this.#toWire(text, undefined);
    }
  }

  /** An incoming frame reaches the station, unless an incoming rule answers its call in the station's place. */
  #deliver(text: string, mark: string | undefined): void {
    if (this.#closed) return;
    const faults = this.#host.faults;
    const f = faults?.active ? peek(text) : undefined;
    const rule = f?.type === CALL ? faults!.take('incoming', f.action) : undefined;
    this.#log('in', text, mark);
    if (rule && f) {
      if (rule.mode === 'answer-status') return this.#toWire(callResultFrame(f.id, rule.payload ?? {}), 'override');
      if (rule.mode === 'callerror') return this.#toWire(callErrorFrame(f.id, rule.code ?? 'InternalError', rule.description ?? ''), 'callerror');
      const waiting = (this.#waiting ??= new Map());
      if (waiting.size >= WAITING_ANSWERS) waiting.delete(waiting.keys().next().value!);
      waiting.set(f.id, rule);
    }
    this.#events?.message(text);
  }

  /** A frame goes onto the wire, through the link rule if one is in force. */
  #toWire(text: string, mark: string | undefined): void {
    if (!this.isOpen) return;
    const faults = this.#host.faults;
    const link = faults?.active ? faults.link() : undefined;
    if (link?.lost) return this.#log('out', text, join(mark, 'loss'));
    if (!link || link.delayMs === 0) {
      this.#log('out', text, mark);
      this.#inner.send(text);
      return;
    }
    this.#later('out', link.delayMs, (late) => {
      if (!this.isOpen) return;
      this.#log('out', text, join(mark, `latency ${late}ms`));
      this.#inner.send(text);
    });
  }

  /**
   * Runs `fn` after `ms` of wire time. Link latency keeps the direction's order (a frame never overtakes
   * one delayed before it); a rule's delay (`own`) holds back only its own frame.
   */
  #later(direction: 'in' | 'out', ms: number, fn: (lateMs: number) => void, own = false): void {
    const now = this.#wire.now();
    let at = now + ms;
    if (!own) {
      const ready = direction === 'in' ? this.#inReadyAt : this.#outReadyAt;
      at = Math.max(at, ready);
      if (direction === 'in') this.#inReadyAt = at; else this.#outReadyAt = at;
    }
    const timers = (this.#timers ??= new Set());
    const id: TimerId = this.#wire.setTimeout(() => { timers.delete(id); if (!this.#closed) fn(at - now); }, at - now);
    timers.add(id);
  }

  #log(direction: 'in' | 'out', text: string, injected: string | undefined): void {
    this.#tap?.frame(direction, text, injected);
  }

  #stopTimers(): void {
    if (this.#timers) for (const t of this.#timers) this.#wire.clearTimeout(t);
    this.#timers = undefined;
  }

  /** From the socket: it closed. Frames held back die with it. */
  socketClosed(code: number, reason: string): void {
    this.#closed = true;
    this.#stopTimers();
    this.#events?.close(code, reason);
  }
}
