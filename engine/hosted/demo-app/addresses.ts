/** Where the demo app lives, and the client it signs in as (seeded by engine/oidc/apps.ts). */
export const DEMO_APP_CLIENT_ID = 'demo-app';
export const DEMO_APP_PATH = '/demo-app/';
export const DEMO_APP_CALLBACK_PATH = '/demo-app/callback';

/** The demo app's redirect and post-logout URIs under a public URL. */
export function demoAppUris(publicUrl: string): { redirectUri: string; postLogoutRedirectUri: string } {
  const base = publicUrl.replace(/\/+$/, '');
  return { redirectUri: `${base}${DEMO_APP_CALLBACK_PATH}`, postLogoutRedirectUri: `${base}${DEMO_APP_PATH}` };
}
