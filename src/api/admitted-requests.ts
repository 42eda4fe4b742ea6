/**
 * The request wrapper of every HTTP front of the control API: the API of one process (server.ts) and the
 * multi-process front (fan-out.ts). It checks the listen policy once, then for each request parses its
 * target, admits it (request-admission.ts: Host, Origin, media type, bearer token) and hands it to the
 * front's own routing; whatever the routing throws is answered as a JSON error (http-io.ts), with
 * `WWW-Authenticate: Bearer` on a missing or wrong token. Nothing a request sends can end the process.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TwinError } from '../shared/errors.ts';
import { sendError } from './http-io.ts';
import { admitRequest, checkListenPolicy, type AdmissionPolicy } from './request-admission.ts';

/** One admitted request: its parsed URL (relative targets against http://localhost) and its method. */
export interface AdmittedRequest { req: IncomingMessage; res: ServerResponse; url: URL; method: string }

/** Where a front listens (127.0.0.1 when absent), its optional bearer token, and whether /metrics is public. */
export interface FrontAccess { host?: string | undefined; token?: string | undefined; publicMetrics?: boolean | undefined }

/**
 * The request listener for a front with the given access. Throws TWIN_ERR_API_TOKEN_REQUIRED at once when
 * the host is not loopback and no token is given.
 */
export function admittedRequests(access: FrontAccess, route: (r: AdmittedRequest) => Promise<unknown>): (req: IncomingMessage, res: ServerResponse) => void {
  const policy: AdmissionPolicy = { bindHost: access.host ?? '127.0.0.1', ...(access.token !== undefined ? { token: access.token } : {}), ...(access.publicMetrics ? { publicMetrics: true } : {}) };
  checkListenPolicy(policy);
  return (req, res) => {
    void (async () => {
      try {
        let url: URL;
        try { url = new URL(req.url ?? '/', 'http://localhost'); } catch { throw new TwinError('TWIN_ERR_API_BAD_REQUEST', `request target "${String(req.url).slice(0, 200)}" is not a URL`); }
        admitRequest(req, url.pathname, policy);
        await route({ req, res, url, method: req.method ?? 'GET' });
      } catch (e) {
        if (e instanceof TwinError && e.code === 'TWIN_ERR_API_UNAUTHORIZED') res.setHeader('www-authenticate', 'Bearer');
        if (res.headersSent) { res.destroy(); return; }
        sendError(res, e);
      }
    })();
  };
}
