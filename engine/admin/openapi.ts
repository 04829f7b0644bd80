import { openApiPaths, type Route } from '../http/route-table.js';
import { appInputSchema } from '../oidc/apps.js';
import { flowSchema } from '../flow/schema.js';

/** OpenAPI 3.1 description of the admin API, generated from the route table that registers it. */
export function openApiDocument(serverUrl: string, routes: Route[], sessionCookie = 'gb_sid') {
  return {
    openapi: '3.1.0',
    info: { title: 'Gerbang admin API', version: '1' },
    servers: [{ url: `${serverUrl}/api` }],
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_API_TOKEN' },
        adminSession: { type: 'apiKey', in: 'cookie', name: sessionCookie, description: 'administrator session; writes need X-Requested-With: gerbang' },
      },
      schemas: { Flow: flowSchema, AppInput: appInputSchema },
    },
    security: [{ adminToken: [] }, { adminSession: [] }],
    paths: openApiPaths(routes, {
      '401': 'Not signed in as an administrator',
      '403': 'Not an administrator, a role without the permission the route needs (x-permission), or missing X-Requested-With on a cookie-authenticated write',
    }),
  };
}
