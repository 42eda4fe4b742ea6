/**
 * Polls a condition in real time (for tests over real sockets); fails after `timeoutMs`. `what` may be a
 * function, read when the wait fails (e.g. a child's output as it is then, not as it was when the wait began).
 */
export async function waitFor(cond: () => boolean, timeoutMs = 5000, what: string | (() => string) = 'condition'): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
