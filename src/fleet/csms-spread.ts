/**
 * Several central systems for one fleet: which CSMS each station connects to. The choice is a pure
 * function of the station's index (its position in the order the fleet was started), so a fleet that
 * restarts puts every station on the same central system again.
 *
 * - round-robin: station i goes to target i mod n.
 * - weight: targets get stations in proportion to their weights, interleaved (smooth weighted round
 *   robin over one cycle of W = Σ weights slots, then repeated): weights 1 and 4 give A B B B B, A B B B
 *   B, …, so any W consecutive stations split exactly by weight.
 *
 * On the command line a weight follows the URL after a comma: `--csms ws://a/ocpp,weight=3`. A comma
 * then "weight=" cannot be part of a ws:// URL's authority, and no real endpoint path ends that way.
 */
import { TwinError } from '../shared/errors.ts';

export interface CsmsTarget { url: string; weight: number }
export type CsmsSpread = 'round-robin' | 'weight';

const MAX_WEIGHT = 1000;
const bad = (message: string): TwinError => new TwinError('TWIN_ERR_FLEET_CSMS_INVALID', message);

/** A ws:// or wss:// URL with a host (what the runtime can connect to). */
export function checkCsmsUrl(raw: unknown, what = 'a central system URL'): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw bad(`${what} must be a ws:// or wss:// URL, got ${JSON.stringify(raw)}`);
  let url: URL;
  try { url = new URL(raw); } catch { throw bad(`${what} must be a ws:// or wss:// URL, got "${raw}"`); }
  if ((url.protocol !== 'ws:' && url.protocol !== 'wss:') || url.hostname === '') throw bad(`${what} must be a ws:// or wss:// URL, got "${raw}"`);
  if (url.hash !== '') throw bad(`a WebSocket URL has no fragment (RFC 6455 §3), got "${raw}"`);
  return raw;
}

export function checkWeight(raw: unknown, where: string): number {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 1 || raw > MAX_WEIGHT) throw bad(`${where}: a weight must be an integer 1 … ${MAX_WEIGHT}, got ${JSON.stringify(raw)}`);
  return raw;
}

/** `URL` or `URL,weight=N` (the command line's form); `what` names it in messages (e.g. "--csms"). */
export function parseCsmsTarget(text: string, what?: string): CsmsTarget & { weighted: boolean } {
  const m = /^(.*),weight=([^,]*)$/.exec(text);
  if (!m) return { url: checkCsmsUrl(text, what), weight: 1, weighted: false };
  const w = /^\d+$/.test(m[2]!) ? Number(m[2]) : NaN;
  return { url: checkCsmsUrl(m[1], what), weight: checkWeight(Number.isNaN(w) ? m[2] : w, what ?? m[1]!), weighted: true };
}

/** Decides the spread: weights imply `weight`; `round-robin` with weights other than 1 is a contradiction. */
export function chooseSpread(targets: ReadonlyArray<CsmsTarget>, asked: string | undefined): CsmsSpread {
  if (asked !== undefined && asked !== 'round-robin' && asked !== 'weight') throw bad(`the spread must be round-robin or weight, got "${asked}"`);
  const weighted = targets.some((t) => t.weight !== 1);
  if (asked === 'round-robin' && weighted) throw bad('round-robin spreads stations evenly: drop the weights, or spread by weight');
  return (asked as CsmsSpread | undefined) ?? (weighted ? 'weight' : 'round-robin');
}

/** Which target each station index goes to; one cycle of slots is computed once. */
export class CsmsPlan {
  readonly targets: ReadonlyArray<CsmsTarget>;
  readonly spread: CsmsSpread;
  readonly #cycle: number[];

  constructor(targets: ReadonlyArray<CsmsTarget>, spread: CsmsSpread = 'round-robin') {
    if (targets.length === 0) throw bad('at least one central system is needed');
    for (const t of targets) { checkCsmsUrl(t.url); checkWeight(t.weight, t.url); }
    this.targets = targets;
    this.spread = spread;
    this.#cycle = spread === 'round-robin' ? targets.map((_, i) => i) : smoothCycle(targets.map((t) => t.weight));
  }

  /** The URL of the station at `index` (0-based). */
  urlFor(index: number): string {
    return this.targets[this.#cycle[index % this.#cycle.length]!]!.url;
  }
}

/** One cycle of smooth weighted round robin: Σw slots, target i in w_i of them, as evenly spaced as it goes. */
function smoothCycle(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const current = weights.map(() => 0);
  const cycle: number[] = [];
  for (let slot = 0; slot < total; slot++) {
    let best = 0;
    for (let i = 0; i < weights.length; i++) {
      current[i]! += weights[i]!;
      if (current[i]! > current[best]!) best = i;
    }
    current[best]! -= total;
    cycle.push(best);
  }
  return cycle;
}
