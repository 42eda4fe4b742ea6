/** The station panel's line about the session generator (GET /api/stations/{id} → sessionGenerator). */
export interface SessionGeneratorStatus {
  running: boolean; seed: number; activeSessions: number; outage?: string | null;
  counters: {
    arrivals: number; busy: number; started: number; notStarted: number;
    refused: { valid: number; invalid: number; blocked: number };
    ended: { evFull: number; unplug: number; stopButton: number; remoteStop: number };
    outages: { network: number; power: number; vendorFault: number };
  };
}

export function sessionGeneratorText(g: SessionGeneratorStatus | null | undefined): string {
  if (!g) return 'not started';
  const c = g.counters;
  const ended = c.ended.evFull + c.ended.unplug + c.ended.stopButton + c.ended.remoteStop;
  const refused = c.refused.valid + c.refused.invalid + c.refused.blocked;
  const outages = c.outages.network + c.outages.power + c.outages.vendorFault;
  return `${g.running ? 'running' : 'stopped'} (seed ${g.seed}) · ${c.started} started · ${ended} ended · ${refused} refused · ${outages} outages${g.outage ? ` · ${g.outage} outage now` : ''}`;
}
