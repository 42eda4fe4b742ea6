/** File transfer as the station sees it (implemented in src/runtime/file-transfer over HTTP(S)/FTP). */
export interface FileTransfer {
  download(url: string): Promise<Uint8Array>;
  /** Uploads `bytes` as `fileName` to the location (a directory URL). */
  upload(location: string, fileName: string, bytes: Uint8Array): Promise<void>;
}
