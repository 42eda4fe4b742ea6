/** The product's data the dashboard offers in pickers, read from the EVlink profile at bundle time. */
import profile from '../../profiles/evlink-pro-ac.json';
import { esc } from './dom.ts';

interface VendorError { code: string; name: string; scope: string; errorCode: string }
const PRODUCT = profile as { vendorErrors: VendorError[]; models: Array<{ reference: string; powerKW: number }> };

/** `<option>`s of the guide's vendor error codes: station-scope ones for connector 0, connector-scope ones otherwise. */
export function vendorCodeOptions(connectorId: number): string {
  const scope = connectorId === 0 ? 'station' : 'connector';
  return PRODUCT.vendorErrors.filter((c) => c.scope === scope)
    .map((c) => `<option value="${esc(c.code)}">${esc(c.code)} · ${esc(c.name)} (${esc(c.errorCode)})</option>`).join('');
}

/** `<option>`s of the model references, for the add-station form's datalist. */
export function modelOptions(): string {
  return PRODUCT.models.map((m) => `<option value="${esc(m.reference)}">${m.powerKW} kW</option>`).join('');
}
