import { TICKETS } from '../../api/keys';
import type { QueueFilters } from './filters';

/**
 * Query keys of the queue. The queue is a list of tickets, so it sits under
 * `['tickets', 'queue', …]` and every live ticket event refetches it (api/keys.ts).
 */
export const queueKeys = {
  list: (f: QueueFilters) => [TICKETS, 'queue', f] as const,
  views: () => ['me', 'views'] as const,
};
