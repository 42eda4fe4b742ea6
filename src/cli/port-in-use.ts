/**
 * A server that cannot listen, said in a line a person can act on: which server, which port, and the
 * flag that picks another. Other failures pass through unchanged.
 */

/** Awaits `start` (something that listens on `port`); a taken or forbidden port becomes an Error that names `flag`. */
export async function listening<T>(start: Promise<T>, what: string, flag: string, port: number): Promise<T> {
  try {
    return await start;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'EADDRINUSE') throw new Error(`${what} port ${port} is already in use (EADDRINUSE): choose another with ${flag} <n> (0 picks a free one)`);
    if (code === 'EACCES') throw new Error(`${what} port ${port} is not allowed for this user (EACCES): choose another with ${flag} <n> (0 picks a free one)`);
    throw e;
  }
}
