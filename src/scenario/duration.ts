/** Scenario durations: a number of seconds, or text such as `500ms`, `5s`, `2m`, `1h`. */
import { TwinError } from '../shared/errors.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function durationMs(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.round(value * 1000);
  const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value) : null;
  if (!m) throw new TwinError('TWIN_ERR_SCENARIO_INVALID', `${where}: "${String(value)}" is not a duration (e.g. 500ms, 5s, 2m, 1h, or a number of seconds)`);
  return Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
}

/** A duration as a reader writes it: 5s, 1.5s, 250ms, 2m. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  return `${+(ms / 1000).toFixed(3)}s`;
}
