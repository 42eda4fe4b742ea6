/**
 * One error class for the whole twin: every error carries a stable `code` (listed in docs/errors.md)
 * so callers, the control API and tests branch on the code, never on the message.
 */
export class TwinError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TwinError';
    this.code = code;
    this.details = options?.details;
  }
}

export function isTwinError(e: unknown, code?: string): e is TwinError {
  return e instanceof TwinError && (code === undefined || e.code === code);
}
