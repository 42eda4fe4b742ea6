export { startHttpFileServer, sha256 } from './http-file-server.ts';
export type { HttpFileServer, ReceivedFile, SeenRequest } from './http-file-server.ts';
export { startFtpFileServer, randomFtpCredentials } from './ftp-file-server.ts';
export { readReceived, DEFAULT_UPLOAD_LIMITS } from './upload-folder.ts';
export type { UploadLimits } from './upload-folder.ts';
export type { FtpFileServer } from './ftp-file-server.ts';
