/** /api.json: an OpenAPI 3 document generated from the endpoint definitions, so it cannot drift from what is validated. */
import type { Config } from '../config/index.js';
import type { Endpoint } from './endpoint.js';
import { commonErrors, httpStatusOf, type MisskeyErrorDef } from './errors.js';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['message', 'code', 'id', 'kind'],
      properties: {
        message: { type: 'string' },
        code: { type: 'string' },
        id: { type: 'string', format: 'uuid' },
        kind: { type: 'string' },
        info: { type: 'object' },
      },
    },
  },
};

function errorResponses(ep: Endpoint): Record<string, unknown> {
  // a Set: an endpoint may map a failure to an error every endpoint already lists
  const defs = new Set<MisskeyErrorDef>([commonErrors.invalidParam, commonErrors.internalError]);
  for (const def of Object.values(ep.errors ?? {})) defs.add(def);
  if (ep.requireCredential) defs.add(commonErrors.credentialRequired).add(commonErrors.authenticationFailed);
  if (ep.limit) defs.add(ep.limitError ?? commonErrors.rateLimitExceeded);
  const byStatus = new Map<number, MisskeyErrorDef[]>();
  for (const d of defs) byStatus.set(httpStatusOf(d), [...(byStatus.get(httpStatusOf(d)) ?? []), d]);
  const out: Record<string, unknown> = {};
  for (const [status, list] of byStatus) {
    out[String(status)] = {
      description: list.map((d) => d.code).join(', '),
      content: {
        'application/json': {
          schema: errorSchema,
          examples: Object.fromEntries(
            list.map((d) => [
              d.code + '_' + d.id.slice(0, 8),
              { value: { error: { message: d.message, code: d.code, id: d.id, kind: d.kind ?? 'client' } } },
            ]),
          ),
        },
      },
    };
  }
  return out;
}

export function openApiDocument(config: Config, endpoints: Endpoint[]): object {
  const paths: Record<string, unknown> = {};
  for (const ep of endpoints) {
    const success = ep.res
      ? { '200': { description: 'OK', content: { 'application/json': { schema: ep.res } } } }
      : { '204': { description: 'OK (no content)' } };
    const operation = {
      operationId: ep.name,
      summary: ep.name,
      description:
        ep.description +
        (ep.kind
          ? `\n\n**Credential required**: ${ep.requireCredential ? 'Yes' : 'No'} / **Permission**: ${ep.kind}`
          : ''),
      tags: [ep.name.split('/')[0]],
      security: ep.requireCredential ? [{ bearerAuth: [] }] : [{}, { bearerAuth: [] }],
      requestBody: { required: true, content: { 'application/json': { schema: ep.params } } },
      responses: { ...success, ...errorResponses(ep) },
    };
    paths['/' + ep.name] = ep.allowGet
      ? { post: operation, get: { ...operation, operationId: ep.name + '/get', requestBody: undefined } }
      : { post: operation };
  }
  return {
    openapi: '3.1.0',
    info: { version: '0.1.0', title: `${config.instanceName} API (Flock, Misskey-compatible)` },
    servers: [{ url: config.url + '/api' }],
    paths,
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  };
}
