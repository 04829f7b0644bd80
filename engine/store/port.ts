/**
 * The storage port: the few repositories the product needs, one file per aggregate under port/,
 * each with the operations it uses. Adapters (sqlite/, mongo/) implement it with one file per
 * repository of the same name; everything else depends only on these types. Writes that belong
 * together are one operation here (e.g. a user with their first credential), so each adapter can
 * make them atomic in its own way.
 */
export * from './port/errors.js';
export * from './port/users.js';
export * from './port/credentials.js';
export * from './port/identities.js';
export * from './port/flows.js';
export * from './port/runs.js';
export * from './port/sessions.js';
export * from './port/audit.js';
export * from './port/consents.js';
export * from './port/apps.js';
export * from './port/oidc.js';
export * from './port/codes.js';
export * from './port/counters.js';
export * from './port/events.js';
export * from './port/organisations.js';
export * from './port/settings.js';
export * from './port/outbox.js';
export * from './port/experiments.js';
export * from './port/daily-counts.js';
export * from './port/store.js';
