/**
 * Logging as a port. Loggers carry bindings (stationId, connectorId) like pino's child loggers, so one
 * process with thousands of stations still says which one spoke.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that drops everything (the default for fleets and tests). */
export const silentLogger: Logger = { log() {}, child() { return silentLogger; } };
