import type { ComponentType } from 'react';
import type { Lang } from './i18n';
import { JourneysSection } from '../journeys/JourneysSection';
import { AppsSection } from './apps/AppsSection';
import { UsersSection } from './users/UsersSection';
import { OrganisationsSection } from './organisations/OrganisationsSection';
import { AuditSection } from './audit/AuditSection';
import { ConnectionsSection } from './settings/ConnectionsSection';
import { MessagingSection } from './settings/MessagingSection';
import { BrandingSection } from './settings/BrandingSection';
import { ConsentsSection } from './settings/ConsentsSection';
import { ApiSecretsSection } from './settings/ApiSecretsSection';
import { AdminsSection } from './admins/AdminsSection';
import { ProtectionSection } from './protection/ProtectionSection';
import { DashboardSection } from './dashboard/DashboardSection';
import { WebhooksSection } from './webhooks/WebhooksSection';

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
  /** An organisation's own administrators see it too (scoped to their organisations by the view and the API). */
  delegated?: boolean;
}

export const SECTIONS: Section[] = [
  { id: 'journeys', label: { en: 'Journeys', id: 'Perjalanan' }, permission: 'journeys:read', View: JourneysSection, fullScreen: (rest) => rest.length > 0 },
  { id: 'dashboard', label: { en: 'Dashboard', id: 'Dasbor' }, permission: 'journeys:read', View: DashboardSection },
  { id: 'apps', label: { en: 'Apps', id: 'Aplikasi' }, permission: 'apps:read', View: AppsSection },
  { id: 'users', label: { en: 'Users', id: 'Pengguna' }, permission: 'users:read', View: UsersSection },
  { id: 'organisations', label: { en: 'Organisations', id: 'Organisasi' }, permission: 'organisations:read', View: OrganisationsSection, delegated: true },
  { id: 'audit', label: { en: 'Audit log', id: 'Log audit' }, permission: 'audit:read', View: AuditSection },
  { id: 'admins', label: { en: 'Administrators', id: 'Administrator' }, permission: 'admins:read', View: AdminsSection },
  { id: 'connections', label: { en: 'Social connections', id: 'Koneksi sosial' }, permission: 'settings:read', View: ConnectionsSection },
  { id: 'messaging', label: { en: 'Mail and SMS', id: 'Email dan SMS' }, permission: 'settings:read', View: MessagingSection },
  { id: 'branding', label: { en: 'Branding', id: 'Merek' }, permission: 'settings:read', View: BrandingSection },
  { id: 'consents', label: { en: 'Consent purposes', id: 'Tujuan persetujuan' }, permission: 'settings:read', View: ConsentsSection },
  { id: 'webhooks', label: { en: 'Webhooks', id: 'Webhook' }, permission: 'webhooks:read', View: WebhooksSection },
  { id: 'secrets', label: { en: 'API secrets', id: 'Rahasia API' }, permission: 'settings:read', View: ApiSecretsSection },
  { id: 'protection', label: { en: 'Attack protection', id: 'Perlindungan serangan' }, permission: 'users:read', View: ProtectionSection },
];
