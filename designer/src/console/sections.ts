import type { ComponentType } from 'react';
import type { Lang } from './i18n';
import { JourneysSection } from '../journeys/JourneysSection';
import { AppsSection } from './apps/AppsSection';
import { UsersSection } from './users/UsersSection';
import { OrganisationsSection } from './organisations/OrganisationsSection';
import { AuditSection } from './audit/AuditSection';
import { AdminsSection } from './admins/AdminsSection';

/**
 * The console's sections, in navigation order. A section is a folder under `console/<section>/`
 * (journeys live in `journeys/`) exporting one view; adding a section is adding its entry here.
 */
export interface Section {
  /** The first segment of the console's URL fragment: `#/<id>/...`. */
  id: string;
  label: Record<Lang, string>;
  /**
   * The admin API permission needed to see the section (from `GET /api/me`); the navigation hides
   * a section the administrator may not open. The API refuses the calls anyway.
   */
  permission?: string;
  /** The view, given what follows the section in the URL fragment. */
  View: ComponentType<{ rest: string[] }>;
  /** The view takes the whole window there (the journey canvas), without the navigation. */
  fullScreen?: (rest: string[]) => boolean;
}

export const SECTIONS: Section[] = [
  { id: 'journeys', label: { en: 'Journeys', id: 'Alur' }, permission: 'journeys:read', View: JourneysSection, fullScreen: (rest) => rest.length > 0 },
  { id: 'apps', label: { en: 'Apps', id: 'Aplikasi' }, permission: 'apps:read', View: AppsSection },
  { id: 'users', label: { en: 'Users', id: 'Pengguna' }, permission: 'users:read', View: UsersSection },
  { id: 'organisations', label: { en: 'Organisations', id: 'Organisasi' }, permission: 'organisations:read', View: OrganisationsSection },
  { id: 'audit', label: { en: 'Audit log', id: 'Log audit' }, permission: 'audit:read', View: AuditSection },
  { id: 'admins', label: { en: 'Administrators', id: 'Administrator' }, permission: 'admins:read', View: AdminsSection },
];
