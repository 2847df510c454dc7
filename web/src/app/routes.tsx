import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
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
  Page: LazyExoticComponent<ComponentType>;
  roles: readonly Role[];
}

export interface NavItem {
  to: string;
  /** An i18n key, `namespace:key` for a feature's own strings. */
  label: string;
  roles: readonly Role[];
  /** Highlight only on exactly this path. */
  end?: boolean;
}

export const CUSTOMERS: readonly Role[] = ['customer', 'customer_admin'];
export const CUSTOMER_ADMINS: readonly Role[] = ['customer_admin'];
export const STAFF: readonly Role[] = ['agent', 'admin'];
export const EVERYONE: readonly Role[] = ['customer', 'customer_admin', 'agent', 'admin'];

const MyTicketsPage = lazy(() => import('../features/tickets/MyTicketsPage'));
const NewTicketPage = lazy(() => import('../features/tickets/NewTicketPage'));
const TicketPage = lazy(() => import('../features/tickets/TicketPage'));
const StaffLandingPage = lazy(() => import('../features/auth/StaffLandingPage'));
// W2: lazy imports of the kb, support-hours, organization pages go here.

export const portalRoutes: AppRoute[] = [
  { path: '/tickets', Page: MyTicketsPage, roles: CUSTOMERS },
  { path: '/tickets/new', Page: NewTicketPage, roles: CUSTOMERS },
  { path: '/tickets/:reference', Page: TicketPage, roles: CUSTOMERS },
  { path: '/console', Page: StaffLandingPage, roles: STAFF },
  // W2: kb, support-hours, organization routes
];

export const navItems: NavItem[] = [
  { to: '/tickets', label: 'nav.myTickets', roles: CUSTOMERS, end: true },
  { to: '/tickets/new', label: 'nav.newQuestion', roles: CUSTOMERS, end: true },
  // W2: kb, support-hours, organization nav items (Knowledge base, Support hours; for customer admins Organisation / contract, Billing)
  { to: '/console', label: 'nav.console', roles: STAFF, end: true },
];

/** Where a user lands after login or on `/`. */
export function homeFor(role: Role): string {
  return STAFF.includes(role) ? '/console' : '/tickets';
}
