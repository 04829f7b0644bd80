import type { Words } from '../languages.js';
/**
 * Console roles and the permissions they give. Every admin API route declares the one permission it
 * needs (`RouteDoc.permission`); a role is a rule over permission names, so a section added later
 * (its `<area>:read` / `<area>:write`) is covered by the roles without editing this file:
 * auditors read everything, administrators do everything but manage administrators.
 *
 * An administrator is a user with the `admin` role (what sign-in and assurance look at) and one or
 * more console roles beside it in `User.roles`; `admin` alone (accounts from before console roles)
 * is an owner.
 */
export const CONSOLE_ROLES = ['owner', 'administrator', 'designer', 'publisher', 'support', 'auditor'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** Every permission the admin API of this release declares (areas added later add their own). */
export const PERMISSIONS = {
  console: 'console:use',
  journeysRead: 'journeys:read',
  journeysWrite: 'journeys:write',
  journeysPublish: 'journeys:publish',
  appsRead: 'apps:read',
  appsWrite: 'apps:write',
  usersRead: 'users:read',
  usersWrite: 'users:write',
  auditRead: 'audit:read',
  adminsRead: 'admins:read',
  adminsWrite: 'admins:write',
  settingsRead: 'settings:read',
  settingsWrite: 'settings:write',
  keysRotate: 'keys:rotate',
} as const;
export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];

const P = PERMISSIONS;
const designer: string[] = [P.console, P.journeysRead, P.journeysWrite, P.appsRead, P.settingsRead];
const isRead = (permission: string) => permission.endsWith(':read');

const GRANTS: Record<ConsoleRole, (permission: string) => boolean> = {
  owner: () => true,
  administrator: (p) => p !== P.adminsWrite,
  designer: (p) => designer.includes(p),
  publisher: (p) => designer.includes(p) || p === P.journeysPublish,
  support: (p) => p === P.console || p === P.usersRead || p === P.usersWrite,
  auditor: (p) => p === P.console || isRead(p),
};

/** What each role is for, in the console's words, in every language. */
export const ROLE_DESCRIPTIONS: Record<ConsoleRole, Words> = {
  owner: { en: 'Everything, including inviting administrators and changing their roles', id: 'Semuanya, termasuk mengundang administrator dan mengubah peran mereka' },
  administrator: { en: 'Everything except managing administrators', id: 'Semuanya kecuali mengelola administrator' },
  designer: { en: 'Edit journeys (not publish); read apps and settings', id: 'Mengedit perjalanan (tanpa menerbitkan); membaca aplikasi dan pengaturan' },
  publisher: { en: 'Edit and publish journeys; read apps and settings', id: 'Mengedit dan menerbitkan perjalanan; membaca aplikasi dan pengaturan' },
  support: { en: 'Find customers and help them: unlock, reset a factor, end sessions, export, delete', id: 'Menemukan pelanggan dan membantu mereka: membuka kunci, mengatur ulang faktor, mengakhiri sesi, mengekspor, menghapus' },
  auditor: { en: 'Read everything, change nothing', id: 'Membaca semuanya, tidak mengubah apa pun' },
};

export const ADMIN_ROLE = 'admin';

export const isConsoleRole = (role: string): role is ConsoleRole => (CONSOLE_ROLES as readonly string[]).includes(role);

/** The console roles of a user's roles; an administrator from before console roles is an owner. */
export function consoleRolesOf(roles: readonly string[]): ConsoleRole[] {
  if (!roles.includes(ADMIN_ROLE)) return [];
  const found = roles.filter(isConsoleRole);
  return found.length ? found : ['owner'];
}

export const allows = (roles: readonly ConsoleRole[], permission: string) => roles.some((r) => GRANTS[r](permission));

/** The permissions among `known` that the roles give (what the console shows). */
export const permissionsOf = (roles: readonly ConsoleRole[], known: Iterable<string>) => [...new Set(known)].filter((p) => allows(roles, p)).sort();
