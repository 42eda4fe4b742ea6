/**
 * Websocket close codes (RFC 6455 §7.4). 1005 and 1006 are never sent: 1005 reports a close frame without
 * a code, 1006 a connection that ended without a close frame.
 */
export const CLOSE_NORMAL = 1000;
export const CLOSE_PROTOCOL_ERROR = 1002;
export const CLOSE_NO_CODE = 1005;
export const CLOSE_ABNORMAL = 1006;
export const CLOSE_INVALID_DATA = 1007;
export const CLOSE_TOO_BIG = 1009;

/**
 * Whether a close frame may carry `code` (§7.4.1, §7.4.2): 1000–1003 and 1007–1014 defined or registered
 * by IANA, 3000–4999 for libraries and applications. 1004–1006, 1015 and anything else is a protocol error.
 */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}
