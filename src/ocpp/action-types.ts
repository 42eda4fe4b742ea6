/**
 * Types derived from the action catalog: who sends which action, and the typed shape of a handler.
 * Shared by the RPC layer, the station model and the central system.
 */
import type { ACTIONS, ActionName, OcppActionMap } from './generated/catalog.ts';

export type Role = 'ChargePoint' | 'CentralSystem';
export type Req<A extends ActionName> = OcppActionMap[A]['req'];
export type Conf<A extends ActionName> = OcppActionMap[A]['conf'];
type Dir<A extends ActionName> = (typeof ACTIONS)[A]['direction'];
/** Actions whose CALL the given role sends. */
export type OutgoingAction<R extends Role> = { [A in ActionName]: Dir<A> extends R | 'Both' ? A : never }[ActionName];
/** Actions whose CALL the given role receives. */
export type IncomingAction<R extends Role> = { [A in ActionName]: Dir<A> extends Exclude<Role, R> | 'Both' ? A : never }[ActionName];

export interface HandlerContext {
  messageId: string;
  /** Runs `fn` right after the CALLRESULT has been sent (e.g. TriggerMessage's triggered message). */
  afterReply(fn: () => void): void;
}
/**
 * Answers one incoming call. `target` is what the channel's handler table was lent for (see
 * `RpcConnection.handleFrom`): one table of handlers can then serve thousands of stations.
 */
export type Handler<A extends ActionName, T = unknown> = (req: Req<A>, ctx: HandlerContext, target: T) => Conf<A> | Promise<Conf<A>>;
