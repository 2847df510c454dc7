import type { Lang } from '../../i18n';

/** Query keys of the phone intake. */
export const intakeKeys = {
  customers: (q: string) => ['users', 'customers', q] as const,
  members: (orgId: string) => ['users', 'organization', orgId] as const,
  schedules: () => ['schedules', 'list'] as const,
  // The reason comes as a sentence in the UI language: the language is part of the key.
  status: (code: string, lang: Lang) => ['schedules', code, 'status', lang] as const,
  matrix: () => ['priority-matrix'] as const,
};
