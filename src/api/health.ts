/**
 * The control API's probes for process supervisors (Docker's HEALTHCHECK, Kubernetes):
 * /healthz (liveness: the process answers) and /readyz (readiness: every twin of this process is
 * registered, i.e. its BootNotification was Accepted; otherwise 503 with the counts by registration).
 */
import type { Fleet } from '../fleet/index.ts';

export interface HealthAnswer { status: number; body: Record<string, unknown> }

export function liveness(): HealthAnswer {
  return { status: 200, body: { status: 'ok' } };
}

/** Ready when every twin is registered; a process with no twin (nothing to wait for) is ready. */
export function readiness(fleet: Fleet): HealthAnswer {
  const byRegistration: Record<string, number> = {};
  let registered = 0;
  let total = 0;
  for (const m of fleet.list()) {
    const reg = m.station.registration;
    byRegistration[reg] = (byRegistration[reg] ?? 0) + 1;
    if (reg === 'Accepted') registered++;
    total++;
  }
  const notRegistered = total - registered;
  return {
    status: notRegistered === 0 ? 200 : 503,
    body: { status: notRegistered === 0 ? 'ready' : 'not-ready', stations: total, registered, notRegistered, byRegistration },
  };
}

/** The answer for a probe path, or undefined when the path is not one. */
export function healthAnswer(path: string, fleet: Fleet): HealthAnswer | undefined {
  if (path === '/healthz') return liveness();
  if (path === '/readyz') return readiness(fleet);
  return undefined;
}
