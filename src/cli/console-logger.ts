/**
 * A Logger that writes human-readable lines to stderr, for the CLI (the frame log goes to stdout).
 */
import type { Logger, LogLevel } from '../shared/logger.ts';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function consoleLogger(min: LogLevel = 'info', bindings: Record<string, unknown> = {}): Logger {
  return {
    log(level, msg, fields) {
      if (ORDER[level] < ORDER[min]) return;
      const who = bindings.stationId ? `[${String(bindings.stationId)}] ` : '';
      const extra = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
      process.stderr.write(`${level.padEnd(5)} ${who}${msg}${extra}\n`);
    },
    child(more) { return consoleLogger(min, { ...bindings, ...more }); },
  };
}
