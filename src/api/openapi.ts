/** The OpenAPI 3.1 document of the control API, generated from the route table. */
import { ERROR_STATUS } from './error-status.ts';
import { ROUTES } from './routes.ts';

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: m[1] === 'connectorId' ? 'integer' : 'string' } }));
    const op: Record<string, unknown> = {
      summary: r.summary,
      operationId: `${r.method.toLowerCase()}${r.path.replace(/[{}]/g, '').split('/').filter(Boolean).map((s) => s[0]!.toUpperCase() + s.slice(1).replace(/-(\w)/g, (_, c: string) => c.toUpperCase())).join('')}`,
      ...(params.length ? { parameters: params } : {}),
      responses: {
        200: { description: 'OK', content: { 'application/json': {} } },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
    if (r.body) {
      const required = Object.entries(r.body).filter(([, f]) => f.required).map(([k]) => k);
      op.requestBody = { required: required.length > 0, content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(Object.entries(r.body).map(([k, f]) => [k, { type: f.type, ...(f.description ? { description: f.description } : {}) }])), ...(required.length ? { required } : {}) } } } };
    }
    (paths[r.path] ??= {})[r.method.toLowerCase()] = op;
  }
  paths['/api/events'] = { get: { summary: 'Server-Sent Events: frame, changed, added, removed (one JSON object per event)', operationId: 'getApiEvents', responses: { 200: { description: 'text/event-stream' } } } };
  paths['/openapi.json'] = { get: { summary: 'This document', operationId: 'getOpenapi', responses: { 200: { description: 'OpenAPI 3.1' } } } };
  return {
    openapi: '3.1.0',
    info: { title: 'ChargeTwin control API', version, description: `Drive EVlink Pro AC twins. Error codes and HTTP statuses: ${Object.entries(ERROR_STATUS).map(([c, s]) => `${c}=${s}`).join(', ')}.` },
    servers: [{ url: '/' }],
    paths,
    components: { schemas: { Error: { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } }, required: ['code', 'message'] } } } } },
  };
}
