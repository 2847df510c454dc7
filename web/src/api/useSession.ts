import { useSyncExternalStore } from 'react';
import { session, type User } from './session';

/** The signed-in user (null when logged out), re-rendering when the session changes. */
export function useSession() {
  return useSyncExternalStore(session.subscribe, session.get, session.get);
}

export function useUser(): User | null {
  return useSession().user;
}

export const CUSTOMER_ROLES = ['customer', 'customer_admin'] as const;
export const STAFF_ROLES = ['agent', 'admin'] as const;

export function isStaff(user: User | null): boolean {
  return user?.role === 'agent' || user?.role === 'admin';
}
