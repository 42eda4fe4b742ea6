/**
 * OCPP-J 1.6 §4 frames as labelled tuples, and a defensive parser. The parser never throws: it turns any
 * text into a frame, or into the CALLERROR answer it deserves (§4.2.3), or into "ignore".
 */
import type { RpcErrorCode } from '../ocpp/index.ts';

export const CALL = 2;
export const CALLRESULT = 3;
export const CALLERROR = 4;

/** OCPP-J 1.6 §4.1.4: the unique id is a string of at most 36 characters. */
export const MAX_MESSAGE_ID_LENGTH = 36;

export type CallFrame = [messageTypeId: 2, messageId: string, action: string, payload: Record<string, unknown>];
export type CallResultFrame = [messageTypeId: 3, messageId: string, payload: Record<string, unknown>];
export type CallErrorFrame = [messageTypeId: 4, messageId: string, errorCode: string, errorDescription: string, errorDetails: Record<string, unknown>];
export type Frame = CallFrame | CallResultFrame | CallErrorFrame;

export type ParsedFrame =
  | { kind: 'frame'; frame: Frame }
  /** The frame is broken; answer with this CALLERROR (messageId "-1" when the id could not be read). */
  | { kind: 'error'; messageId: string; code: RpcErrorCode; description: string }
  /** Nothing to answer (OCPP-J 1.6 §4.1.3: unknown message type numbers are ignored; broken replies get no reply). */
  | { kind: 'ignore'; reason: string };

/** Message id used in a CALLERROR answering a frame whose own id cannot be read (OCPP 2.0.1 §4.2.3 practice). */
export const UNKNOWN_MESSAGE_ID = '-1';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseFrame(text: string): ParsedFrame {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: 'error', messageId: UNKNOWN_MESSAGE_ID, code: 'FormationViolation', description: 'frame is not valid JSON' };
  }
  if (!Array.isArray(data)) {
    return { kind: 'error', messageId: UNKNOWN_MESSAGE_ID, code: 'FormationViolation', description: 'frame is not an OCPP-J array' };
  }
  const [type, id] = data as unknown[];
  if (data.length < 3 && type !== CALLRESULT && type !== CALLERROR) {
    const known = typeof id === 'string' && id.length > 0 && id.length <= MAX_MESSAGE_ID_LENGTH ? id : UNKNOWN_MESSAGE_ID;
    return { kind: 'error', messageId: known, code: 'FormationViolation', description: 'frame has too few elements' };
  }
  const idOk = typeof id === 'string' && id.length > 0 && id.length <= MAX_MESSAGE_ID_LENGTH;
  if (type === CALL) {
    if (!idOk) return { kind: 'error', messageId: UNKNOWN_MESSAGE_ID, code: 'FormationViolation', description: 'CALL unique id must be a string of 1..36 characters' };
    if (data.length !== 4) return { kind: 'error', messageId: id, code: 'FormationViolation', description: 'CALL must have 4 elements' };
    if (typeof data[2] !== 'string') return { kind: 'error', messageId: id, code: 'FormationViolation', description: 'CALL action must be a string' };
    if (!isObject(data[3])) return { kind: 'error', messageId: id, code: 'FormationViolation', description: 'CALL payload must be a JSON object' };
    return { kind: 'frame', frame: data as CallFrame };
  }
  if (type === CALLRESULT) {
    if (!idOk || data.length !== 3 || !isObject(data[2])) return { kind: 'ignore', reason: 'malformed CALLRESULT' };
    return { kind: 'frame', frame: data as CallResultFrame };
  }
  if (type === CALLERROR) {
    if (!idOk || data.length < 4 || typeof data[2] !== 'string') return { kind: 'ignore', reason: 'malformed CALLERROR' };
    const description = typeof data[3] === 'string' ? data[3] : '';
    const details = isObject(data[4]) ? data[4] : {};
    return { kind: 'frame', frame: [CALLERROR, id, data[2], description, details] };
  }
  return { kind: 'ignore', reason: `unknown message type ${JSON.stringify(type)}` };
}

export function callFrame(id: string, action: string, payload: object): string {
  return JSON.stringify([CALL, id, action, payload]);
}

export function callResultFrame(id: string, payload: object): string {
  return JSON.stringify([CALLRESULT, id, payload]);
}

export function callErrorFrame(id: string, code: RpcErrorCode, description: string, details: object = {}): string {
  return JSON.stringify([CALLERROR, id, code, description.slice(0, 255), details]);
}
