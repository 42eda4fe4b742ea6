/**
 * A plain key→value configuration for tests of the station core that do not involve the device profile.
 */
import { notifyConfigChange, type ConfigChangeListener, type ConfigurationService, type ConfOf, type ReqOf } from '../../src/station/ports.ts';

export class MapConfig implements ConfigurationService {
  #values: Map<string, string>;
  #listeners = new Set<ConfigChangeListener>();

  constructor(values: Record<string, string | number | boolean>) {
    this.#values = new Map(Object.entries(values).map(([k, v]) => [k, String(v)]));
  }

  str(key: string): string {
    const v = this.#values.get(key);
    if (v === undefined) throw new Error(`test config has no ${key}`);
    return v;
  }
  int(key: string): number { return Number(this.str(key)); }
  bool(key: string): boolean { return this.str(key) === 'true'; }
  changeByName(name: string, value: string): ConfOf<'ChangeConfiguration'>['status'] { return this.change(name, value); }
  change(key: string, value: string): ConfOf<'ChangeConfiguration'>['status'] {
    if (!this.#values.has(key)) return 'NotSupported';
    this.#values.set(key, value);
    for (const fn of this.#listeners) notifyConfigChange(fn, key, value);
    return 'Accepted';
  }
  getConfiguration(req: ReqOf<'GetConfiguration'>): ConfOf<'GetConfiguration'> {
    const keys = req.key ?? [...this.#values.keys()];
    return {
      configurationKey: keys.filter((k) => this.#values.has(k)).map((key) => ({ key, readonly: false, value: this.#values.get(key)! })),
      unknownKey: keys.filter((k) => !this.#values.has(k)),
    };
  }
  /** Nothing waits for a reboot in this test double. */
  applyPendingAfterReboot(): void {}
  onChange(fn: ConfigChangeListener): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }
}

export const baseTestConfig = { HeartbeatInterval: 60, ResendBootNotificationInterval: 30, WebSocketPingInterval: 0, ResetRetries: 2 };
