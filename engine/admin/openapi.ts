import express, { type Router } from 'express';
import { schemas } from './flows.js';
import { appInputSchema } from '../oidc/apps.js';
import { flowSchema } from '../flow/schema.js';

const error = { type: 'object', required: ['error', 'message'], properties: { error: { type: 'string' }, message: { type: 'string' } } };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const errors = {
  '400': { description: 'Invalid input', ...json(error) },
  '401': { description: 'Not signed in as an administrator', ...json(error) },
  '403': { description: 'Not an administrator, or missing X-Requested-With on a cookie-authenticated write', ...json(error) },
  '404': { description: 'Not found', ...json(error) },
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const op = (summary: string, extra: Record<string, unknown> = {}) => ({ summary, responses: { '200': { description: 'OK' }, ...errors }, ...extra });
const body = (schema: object) => ({ requestBody: { required: true, ...json(schema) } });

/** OpenAPI 3.1 description of the admin API, built from the same schemas the API validates with. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: { title: 'Gerbang admin API', version: '1' },
    servers: [{ url: `${serverUrl}/api` }],
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_API_TOKEN' },
        adminSession: { type: 'apiKey', in: 'cookie', name: 'gb_sid', description: 'administrator session; writes need X-Requested-With: gerbang' },
      },
      schemas: { Flow: flowSchema, Error: error, AppInput: appInputSchema },
    },
    security: [{ adminToken: [] }, { adminSession: [] }],
    paths: {
      '/me': { get: op('Who is calling') },
      '/node-types': { get: op('The node types of the registry: palette, settings schemas, outcomes') },
      '/flows': { get: op('List flows'), post: op('Create a flow', body(schemas.createFlow)) },
      '/flows/{id}': { parameters: [idParam], get: op('A flow: draft, versions, problems'), put: op('Save the draft', body(schemas.graphBody)) },
      '/flows/{id}/check': { parameters: [idParam], post: op('Graph problems and outcomes of a graph', body(schemas.graphBody)) },
      '/flows/{id}/publish': { parameters: [idParam], post: op('Publish the draft as a new immutable version; 422 with the problems when it has any') },
      '/flows/{id}/versions': { parameters: [idParam], get: op('Published versions, newest first, with who and when') },
      '/flows/{id}/versions/{version}': {
        parameters: [idParam, { name: 'version', in: 'path', required: true, schema: { type: 'integer' } }],
        get: op('One published version'),
      },
      '/flows/{id}/rollback': { parameters: [idParam], post: op('Make an earlier version the active one', body(schemas.rollback)) },
      '/flows/{id}/preview': { parameters: [idParam], post: op("A step's end-user page, rendered as the hosted page", body(schemas.preview)) },
      '/flows/{id}/try': { parameters: [idParam], post: op('Start a run of the draft in this browser; returns its URL') },
      '/apps': { get: op('List apps'), post: op('Register an app (public, confidential, native, device or machine); confidential and machine apps get their secret once', body(appInputSchema)) },
      '/apps/{id}': { parameters: [idParam], get: op('An app'), put: op('Update an app', body(appInputSchema)), delete: op('Delete an app') },
      '/apps/{id}/secret': { parameters: [idParam], post: op('Issue a new client secret') },
      '/users/{id}/sessions': { parameters: [idParam], delete: op("End every session of a user; apps with a back-channel logout URI are told") },
      '/oidc/keys/rotate': { post: op('Add a new signing key; older keys stay published') },
    },
  };
}

/** Served without authentication: the description holds no data. */
export function openApiRouter(publicUrl: string): Router {
  const doc = openApiDocument(publicUrl);
  return express.Router().get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
}
