import { useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Lang } from '../../i18n';

import type { ScheduleCode } from './hours';

export type { ScheduleCode };

/** Query keys of the support hours, in one place. */
export const hoursKeys = {
  all: ['schedules'] as const,
  schedule: (code: ScheduleCode) => [...hoursKeys.all, code, 'detail'] as const,
  // The status carries a sentence in the UI language: the language is part of the key.
  status: (code: ScheduleCode, lang: Lang) => [...hoursKeys.all, code, 'status', lang] as const,
  closures: (code: ScheduleCode, year: number) => [...hoursKeys.all, code, 'closures', year] as const,
};

export function useSchedule(code: ScheduleCode) {
  return useQuery({
    queryKey: hoursKeys.schedule(code),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/schedules/{code}', { params: { path: { code } }, signal })),
    staleTime: 5 * 60_000,
  });
}

/** Open now or not, why, and the next opening; refreshed every minute while the page is open. */
export function useScheduleStatus(code: ScheduleCode, lang: Lang) {
  return useQuery({
    queryKey: hoursKeys.status(code, lang),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/schedules/{code}/status', {
          params: { path: { code }, header: { 'Accept-Language': lang } },
          signal,
        }),
      ),
    staleTime: 30_000,
    refetchInterval: 60_000,
  });
}

/** The closures of the given years. */
export function useClosures(code: ScheduleCode, years: readonly number[]) {
  return useQueries({
    queries: years.map((year) => ({
      queryKey: hoursKeys.closures(code, year),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        unwrap(
          api.GET('/api/v1/schedules/{code}/closures', {
            params: { path: { code }, query: { year } },
            signal,
          }),
        ),
      staleTime: 10 * 60_000,
    })),
  });
}
