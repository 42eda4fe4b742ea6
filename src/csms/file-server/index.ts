export { startHttpFileServer, sha256 } from './http-file-server.ts';
export type { HttpFileServer, ReceivedFile, SeenRequest } from './http-file-server.ts';
export { startFtpFileServer } from './ftp-file-server.ts';
export type { FtpFileServer } from './ftp-file-server.ts';
