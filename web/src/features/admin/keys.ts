import { sharedKeys } from '../../api/queries';

/**
 * Query keys of the admin screens. Organisation and contract keys share their prefixes with
 * the customer admin's own pages (features/organization), so a change here refreshes those.
 */
export const adminKeys = {
  organizations: (q: string) => ['organizations', 'admin-list', q] as const,
  organizationsAll: () => ['organizations'] as const,
  organization: (id: string) => ['organizations', id, 'detail'] as const,
  orgCoverage: (id: string) => ['organizations', id, 'coverage'] as const,
  contracts: (orgId: string) => ['contracts', { organization: orgId }] as const,
  contractsAll: () => ['contracts'] as const,
  users: (f: { organization?: string | undefined; q: string; role?: string | undefined }) => ['users', 'list', f] as const,
  usersAll: () => ['users'] as const,
  coverageTable: sharedKeys.coverageTable,
  billingSettings: () => ['billing', 'settings'] as const,
  schedules: () => ['schedules'] as const,
  schedule: (code: string) => ['schedules', code] as const,
  closures: (code: string, year: number) => ['schedules', code, 'closures', year] as const,
  slaPolicies: () => ['sla', 'policies'] as const,
};
