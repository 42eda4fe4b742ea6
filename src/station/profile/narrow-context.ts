/**
 * A view of a station context with a few members replaced (e.g. `handle` filtered by the device
 * profile). The context is a class instance with private state, so the view forwards every other member
 * to it, methods bound to the real context, instead of copying it.
 */
import type { StationContext } from '../station.ts';

export function narrowContext(ctx: StationContext, overrides: Partial<StationContext>): StationContext {
  return new Proxy(ctx, {
    get(target, key) {
      if (Object.hasOwn(overrides, key)) return (overrides as Record<PropertyKey, unknown>)[key];
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
