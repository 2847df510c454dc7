import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Schema } from '../../api/types';
import { listQuery, type QueueFilters } from './filters';
import { queueKeys } from './keys';
export { useStaff } from '../../api/queries';

export type QueueItem = Schema<'TicketListItem'>;
export type StaffUser = Schema<'User'>;

export const QUEUE_PAGE_SIZE = 50;
/** Due times are counted in business minutes from now: refresh them while the queue is open. */
const REFRESH_MS = 60_000;

/** The queue in the API's order (priority, then the pressing due time, then age), page by page. */
export function useQueue(filters: QueueFilters) {
  return useInfiniteQuery({
    queryKey: queueKeys.list(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/tickets', {
          params: { query: { ...listQuery(filters), limit: QUEUE_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // While a filter change loads, keep the old rows (marked busy) rather than a blank list.
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}

export type SavedView = Schema<'SavedView'>;

/** The caller's saved views, in their order. */
export function useSavedViews() {
  return useQuery({
    queryKey: queueKeys.views(),
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => (await unwrap(api.GET('/api/v1/me/views', { signal }))).items,
  });
}

export function createView(name: string, filters: QueueFilters) {
  return unwrap(api.POST('/api/v1/me/views', { body: { name, filters } }));
}

export function renameView(id: string, name: string) {
  return unwrap(api.PATCH('/api/v1/me/views/{id}', { params: { path: { id } }, body: { name } }));
}

export function deleteView(id: string) {
  return unwrap(api.DELETE('/api/v1/me/views/{id}', { params: { path: { id } } }));
}
