/**
 * The central system's idTag registry: what Authorize / StartTransaction / StopTransaction answer for a
 * tag. Unknown tags are Invalid (OCPP 1.6 §7.13 AuthorizationStatus).
 */
import type { AuthorizeConf } from '../ocpp/index.ts';

export type IdTagInfo = AuthorizeConf['idTagInfo'];

export class TagList {
  #tags = new Map<string, IdTagInfo>();

  constructor(tags: Record<string, IdTagInfo | IdTagInfo['status']> = {}) {
    for (const [tag, info] of Object.entries(tags)) this.set(tag, typeof info === 'string' ? { status: info } : info);
  }

  set(tag: string, info: IdTagInfo): void { this.#tags.set(tag, info); }
  remove(tag: string): void { this.#tags.delete(tag); }
  lookup(tag: string): IdTagInfo { return this.#tags.get(tag) ?? { status: 'Invalid' }; }
  entries(): Array<[string, IdTagInfo]> { return [...this.#tags]; }
}
