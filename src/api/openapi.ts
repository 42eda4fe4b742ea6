/** The OpenAPI 3.1 document of the control API, generated from the route table and the answer schemas. */
import { ERROR_STATUS } from './error-status.ts';
import { API_SCHEMAS } from './api-schemas.ts';
import { ROUTES } from './routes.ts';
import type { FieldSpec } from './route.ts';

function schemaOf(f: FieldSpec): Record<string, unknown> {
  return {
    type: f.type,
    ...(f.description ? { description: f.description } : {}),
    ...(f.enum ? { enum: f.enum } : {}),
    ...(f.minimum !== undefined ? { minimum: f.minimum } : {}),
    ...(f.above !== undefined ? { exclusiveMinimum: f.above } : {}),
    ...(f.maximum !== undefined ? { maximum: f.maximum } : {}),
    ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
    ...(f.type === 'string' && f.enum === undefined ? { minLength: 1 } : {}),
  };
}

const operationId = (method: string, path: string): string => `${method.toLowerCase()}${path.replace(/[{}]/g, '').split('/').filter(Boolean)
  .map((s) => s[0]!.toUpperCase() + s.slice(1).replace(/-(\w)/g, (_, c: string) => c.toUpperCase())).join('')}`;

const errorResponse = { description: 'Error (status from the error table)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    const pathParams = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1], in: 'path', required: true,
      schema: m[1] === 'connectorId' ? { type: 'integer', minimum: 0 } : { type: 'string' },
      ...(m[1] === 'connectorId' ? { description: '0 = the station itself where the control allows it' } : {}),
    }));
    const queryParams = Object.entries(r.query ?? {}).map(([name, f]) => ({ name, in: 'query', required: f.required === true, schema: schemaOf(f), ...(f.description ? { description: f.description } : {}) }));
    const params = [...pathParams, ...queryParams];
    const op: Record<string, unknown> = {
      summary: r.summary,
      operationId: operationId(r.method, r.path),
      ...(params.length ? { parameters: params } : {}),
      responses: {
        200: { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${r.response}` } } } },
        default: errorResponse,
      },
    };
    if (r.body) {
      const required = Object.entries(r.body).filter(([, f]) => f.required).map(([k]) => k);
      op.requestBody = { required: required.length > 0, content: { 'application/json': { schema: {
        type: 'object', additionalProperties: false,
        properties: Object.fromEntries(Object.entries(r.body).map(([k, f]) => [k, schemaOf(f)])),
        ...(required.length ? { required } : {}),
      } } } };
    }
    (paths[r.path] ??= {})[r.method.toLowerCase()] = op;
  }
  paths['/api/events'] = { get: { summary: 'Server-Sent Events: named after their type (frame, changed, added, removed; missed after a resume past the buffer), each with an id, data one JSON object; resumes after the Last-Event-ID header from the latest 1000 events; retry hint, keep-alive comment every 15 s', operationId: 'getApiEvents', parameters: [{ name: 'station', in: 'query', required: false, description: 'frames of this station only (changed, added and removed events of every station still come)', schema: { type: 'string' } }, { name: 'Last-Event-ID', in: 'header', required: false, description: 'the id of the last event received: the stream starts with the events after it', schema: { type: 'string' } }], responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } } } } };
  const readiness = { description: 'every twin is registered (200) or not (503), with the counts', content: { 'application/json': { schema: { $ref: '#/components/schemas/Readiness' } } } };
  paths['/healthz'] = { get: { summary: 'Liveness: 200 while the process runs', operationId: 'getHealthz', responses: { 200: { description: 'alive', content: { 'application/json': { schema: { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] } } } } } } };
  paths['/readyz'] = { get: { summary: 'Readiness: 200 when every twin of this process is registered (BootNotification Accepted), 503 with the counts otherwise', operationId: 'getReadyz', responses: { 200: readiness, 503: readiness } } };
  paths['/metrics'] = { get: { summary: 'Prometheus metrics of the fleet (text exposition format 0.0.4): stations by registration and link, connectors by status, frames, CALLERRORs, call latency, queue, sessions, energy; names in docs/control-api.md. Same admission rules as /api/*, but no token when the API runs with --metrics-public (D36)', operationId: 'getMetrics', responses: { 200: { description: 'text/plain; version=0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } } } } };
  paths['/openapi.json'] = { get: { summary: 'This document', operationId: 'getOpenapi', responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } } } };
  return {
    openapi: '3.1.0',
    info: { title: 'ChargeTwin control API', version, description: `Drive EVlink Pro AC twins. Error codes and HTTP statuses: ${Object.entries(ERROR_STATUS).map(([c, s]) => `${c}=${s}`).join(', ')}.` },
    servers: [{ url: '/' }],
    paths,
    components: { schemas: API_SCHEMAS },
  };
}
