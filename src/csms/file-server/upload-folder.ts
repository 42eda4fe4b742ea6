/**
 * Where a file server keeps the uploads it received: files in its own temporary folder (created 0700,
 * removed at close), never bytes in memory. What it records per file is its name, size, sha256 and path.
 * Bounded three ways: a size limit per file (enforced while the bytes stream in, by the servers), a
 * count limit and an age limit (the oldest records and their files go first, checked at each new upload).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ReceivedFile {
  name: string;
  size: number;
  sha256: string;
  /** Where the bytes are, inside the server's own folder (gone after eviction or close). */
  path: string;
  via: 'http' | 'ftp';
  method?: 'PUT' | 'POST' | 'STOR';
  /** When it completed, on the server's clock. */
  at: number;
}

export interface UploadLimits {
  /** Largest file accepted, in bytes (default 64 MiB). */
  maxBytes?: number;
  /** Uploads kept; the oldest beyond this are deleted (default 32). */
  maxFiles?: number;
  /** Uploads older than this (server clock) are deleted (default 1 h). */
  maxAgeMs?: number;
}

export const DEFAULT_UPLOAD_LIMITS: Required<UploadLimits> = { maxBytes: 64 * 1024 * 1024, maxFiles: 32, maxAgeMs: 3_600_000 };

/** The bytes of a received file, read from disk (for tests and tools; a file evicted or closed is gone). */
export function readReceived(f: ReceivedFile): Buffer {
  return readFileSync(f.path);
}

export class UploadFolder {
  readonly dir: string;
  readonly received: ReceivedFile[] = [];
  readonly limits: Required<UploadLimits>;
  readonly #now: () => number;
  #seq = 0;

  constructor(prefix: string, limits: UploadLimits, now: () => number) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.limits = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
    this.#now = now;
  }

  /** A fresh path in the folder for an upload in progress (the name is never the client's). */
  nextPath(): string {
    this.#seq += 1;
    return join(this.dir, `upload-${this.#seq}`);
  }

  /** Records a completed upload, forgetting earlier records of the same path (overwritten), then evicts. */
  record(file: Omit<ReceivedFile, 'at'>): void {
    for (let i = this.received.length - 1; i >= 0; i--) if (this.received[i]!.path === file.path) this.received.splice(i, 1);
    this.received.push({ ...file, at: this.#now() });
    this.#evict();
  }

  #evict(): void {
    const oldest = this.#now() - this.limits.maxAgeMs;
    while (this.received.length > 0 && (this.received.length > this.limits.maxFiles || this.received[0]!.at < oldest)) {
      const gone = this.received.shift()!;
      rmSync(gone.path, { force: true });
    }
  }

  close(): void {
    this.received.length = 0;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
