/**
 * Random bytes for the client's websocket keys and frame masks, drawn from a pooled buffer that is
 * refilled from the system's CSPRNG when spent. One `randomFillSync` per 2,048 masks instead of one per
 * key or per frame (D33). Every byte of the pool is handed out once, then the pool is refilled before any
 * byte is given again; the bytes are copied into the caller's buffer, so nothing keeps a view of the pool.
 */
import { randomFillSync } from 'node:crypto';

export class RandomBytePool {
  readonly #pool: Buffer;
  #next: number;

  constructor(size = 8192) {
    if (!Number.isSafeInteger(size) || size < 16) throw new RangeError(`a random pool needs at least 16 bytes, got ${size}`);
    this.#pool = Buffer.allocUnsafe(size);
    this.#next = size; // filled at the first draw
  }

  /** Copies `n` fresh random bytes (n ≤ the pool's size) into `target` at `offset`. */
  copyInto(target: Buffer, offset: number, n: number): void {
    const pool = this.#pool;
    if (this.#next + n > pool.length) { randomFillSync(pool); this.#next = 0; }
    pool.copy(target, offset, this.#next, this.#next + n);
    this.#next += n;
  }

  /** `n` fresh random bytes in a buffer of their own. */
  take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    this.copyInto(out, 0, n);
    return out;
  }
}

/**
 * The pool the process's client sockets draw from. It holds no state a station could see or depend on:
 * each draw gets bytes no other draw got (JavaScript runs one draw at a time, a worker thread has its own
 * module instance), and a station learns nothing of another station's keys from its own (they are
 * independent CSPRNG output). See D33.
 */
export const processRandomBytes = new RandomBytePool();
