import type { ComponentType } from 'react';
import { matchPath } from 'react-router';
import { lazyPage } from './lazyPage';
import type { Role } from './roles';

/**
 * The app's pages. Each feature page is lazy-loaded (its own chunk), so the first load only
 * carries the shell and the login page.
 *
 * To add a page: a lazy import here, an entry in `portalRoutes`, and (if it belongs in the
 * navigation) an entry in `navItems` below. `roles` limits who may open it; others are sent
 * to their home page.
 */
export interface AppRoute {
  path: string;
  /** A page made with `lazyPage(() => import(...))`. */
  Page: ComponentType & { preload?: () => Promise<void> };
  roles: readonly Role[];
  /** Also open without a login (the knowledge base): no redirect to /login. */
  public?: boolean;
  /**
   * Where users whose role may not open this page go instead (a path with the same
   * parameters), rather than their home page: staff following a customer's ticket link.
   */
  othersTo?: string;
}

export interface NavItem {
  to: string;
  /** An i18n key, `namespace:key` for a feature's own strings. */
  label: string;
  roles: readonly Role[];
  /** Highlight only on exactly this path. */
  end?: boolean;
  /** Also shown to visitors who are not logged in. */
  public?: boolean;
  /** Other paths (and what is under them) on which this entry is highlighted: an area's pages. */
  activeOn?: readonly string[];
}

export const CUSTOMERS: readonly Role[] = ['customer', 'customer_admin'];
export const CUSTOMER_ADMINS: readonly Role[] = ['customer_admin'];
export const STAFF: readonly Role[] = ['agent', 'admin'];
export const ADMINS: readonly Role[] = ['admin'];
export const EVERYONE: readonly Role[] = ['customer', 'customer_admin', 'agent', 'admin'];

const MyTicketsPage = lazyPage(() => import('../features/tickets/MyTicketsPage'));
const NewTicketPage = lazyPage(() => import('../features/tickets/NewTicketPage'));
const TicketPage = lazyPage(() => import('../features/tickets/TicketPage'));
const QueuePage = lazyPage(() => import('../features/queue/QueuePage'));
const ConsoleTicketPage = lazyPage(() => import('./ConsoleTicketPage'));
const PhoneIntakePage = lazyPage(() => import('../features/intake/PhoneIntakePage'));
// W2: lazy imports of the kb, support-hours, organization pages go here.
const KbListPage = lazyPage(() => import('../features/kb/KbListPage'));
const KbArticlePage = lazyPage(() => import('../features/kb/KbArticlePage'));
const SupportHoursPage = lazyPage(() => import('../features/support-hours/SupportHoursPage'));
const OrganizationPage = lazyPage(() => import('../features/organization/OrganizationPage'));
const BillingPage = lazyPage(() => import('../features/organization/BillingPage'));
// Admin screens (features/admin): organisations and users, coverage and billing, schedules and SLA.
const AdminHomePage = lazyPage(() => import('../features/admin/AdminHomePage'));
const AdminOrganizationsPage = lazyPage(() => import('../features/admin/OrganizationsPage'));
const AdminOrganizationPage = lazyPage(() => import('../features/admin/OrganizationDetailPage'));
const AdminUsersPage = lazyPage(() => import('../features/admin/UsersPage'));
const AdminCoveragePage = lazyPage(() => import('../features/admin/CoveragePage'));
const AdminSchedulesPage = lazyPage(() => import('../features/admin/SchedulesPage'));
const MyUsersPage = lazyPage(() => import('../features/admin/MyUsersPage'));
const AcceptInvitationPage = lazyPage(() => import('../features/admin/AcceptInvitationPage'));
const TriageRulesPage = lazyPage(() => import('../features/triage/TriageRulesPage'));
const WebhooksPage = lazyPage(() => import('../features/webhooks/WebhooksPage'));
// The dashboard: staff see every organisation, a customer admin their own (the reports API scopes it).
const DashboardPage = lazyPage(() => import('../features/dashboard/DashboardPage'));

export const portalRoutes: AppRoute[] = [
  { path: '/tickets', Page: MyTicketsPage, roles: CUSTOMERS },
  { path: '/tickets/new', Page: NewTicketPage, roles: CUSTOMERS },
  { path: '/tickets/:reference', Page: TicketPage, roles: CUSTOMERS, othersTo: '/console/tickets/:reference' },
  { path: '/console', Page: QueuePage, roles: STAFF },
  { path: '/console/tickets/:reference', Page: ConsoleTicketPage, roles: STAFF, othersTo: '/tickets/:reference' },
  { path: '/console/phone', Page: PhoneIntakePage, roles: STAFF },
  // W2: kb, support-hours, organization routes
  { path: '/kb', Page: KbListPage, roles: EVERYONE, public: true },
  { path: '/kb/:slug', Page: KbArticlePage, roles: EVERYONE, public: true },
  { path: '/support-hours', Page: SupportHoursPage, roles: EVERYONE },
  // Plain customers get a page that says only the organisation's administrator sees this.
  { path: '/organization', Page: OrganizationPage, roles: CUSTOMERS },
  { path: '/billing', Page: BillingPage, roles: CUSTOMERS },
  // Admin screens (staff admins only; a customer admin manages their own users at /organization/users).
  { path: '/admin', Page: AdminHomePage, roles: ADMINS },
  { path: '/admin/organizations', Page: AdminOrganizationsPage, roles: ADMINS },
  { path: '/admin/organizations/:id', Page: AdminOrganizationPage, roles: ADMINS },
  { path: '/admin/users', Page: AdminUsersPage, roles: ADMINS },
  { path: '/admin/coverage', Page: AdminCoveragePage, roles: ADMINS },
  { path: '/admin/schedules', Page: AdminSchedulesPage, roles: ADMINS },
  { path: '/admin/triage', Page: TriageRulesPage, roles: ADMINS },
  { path: '/admin/webhooks', Page: WebhooksPage, roles: ADMINS },
  { path: '/dashboard', Page: DashboardPage, roles: [...STAFF, ...CUSTOMER_ADMINS] },
  { path: '/organization/users', Page: MyUsersPage, roles: CUSTOMER_ADMINS },
  // The invitee has no login yet: the invitation link opens this page.
  { path: '/invitation', Page: AcceptInvitationPage, roles: EVERYONE, public: true },
];

export const navItems: NavItem[] = [
  { to: '/tickets', label: 'nav.myTickets', roles: CUSTOMERS, end: true },
  { to: '/tickets/new', label: 'nav.newQuestion', roles: CUSTOMERS, end: true },
  { to: '/kb', label: 'kb:nav', roles: CUSTOMERS, public: true },
  { to: '/support-hours', label: 'support-hours:nav', roles: CUSTOMERS, end: true },
  // A customer admin's organisation pages (contract, billing, users, dashboard) are one entry;
  // their tabs (features/organization/OrgNav) lead from one to the other.
  { to: '/organization', label: 'organization:nav.organization', roles: CUSTOMER_ADMINS, activeOn: ['/billing', '/dashboard'] },
  { to: '/console', label: 'nav.console', roles: STAFF, end: true },
  { to: '/console/phone', label: 'nav.phone', roles: STAFF, end: true },
  { to: '/dashboard', label: 'dashboard:nav', roles: STAFF, end: true },
  { to: '/kb', label: 'kb:nav', roles: STAFF },
  { to: '/support-hours', label: 'support-hours:nav', roles: STAFF, end: true },
  // One entry for the admin screens; they have their own navigation (features/admin/AdminNav).
  { to: '/admin', label: 'admin:nav.admin', roles: ADMINS },
];

/** Loads the chunk of the page at this path ahead (used at boot). */
export function preloadPageFor(pathname: string): Promise<void> {
  const candidates = portalRoutes.filter((r) => matchPath(r.path, pathname));
  // A static segment wins over a parameter (`/tickets/new` over `/tickets/:reference`).
  const route = candidates.find((r) => !r.path.includes(':')) ?? candidates[0];
  return route?.Page.preload?.().catch(() => undefined) ?? Promise.resolve();
}

/** Where a user lands after login or on `/`. */
export function homeFor(role: Role): string {
  return STAFF.includes(role) ? '/console' : '/tickets';
}
