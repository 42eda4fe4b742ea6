/** File transfer as the station sees it (implemented in src/runtime/file-transfer over HTTP(S)/FTP). */
export interface TransferOptions {
  /** Aborting closes the transfer's connection; the promise then rejects. */
  signal?: AbortSignal;
  /** Hears a download's progress: bytes received so far and the declared total when the server gave one. */
  onProgress?: (received: number, total: number | undefined) => void;
}

export interface FileTransfer {
  download(url: string, o?: TransferOptions): Promise<Uint8Array>;
  /** Uploads `bytes` as `fileName` to the location (see docs/conformance/firmware-diagnostics.md for HTTP). */
  upload(location: string, fileName: string, bytes: Uint8Array, o?: TransferOptions): Promise<void>;
}

/** A location as the station may write it to its log: credentials of the URL replaced by `***`. */
export function withoutCredentials(location: string): string {
  return location.replace(/^([a-z][\w+.-]*:\/\/)[^/@]*@/i, '$1***@');
}
