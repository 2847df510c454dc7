import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Schema } from '../../api/types';

export type Webhook = Schema<'Webhook'>;
export type Delivery = Schema<'Delivery'>;
export type EventType = Schema<'EventType'>;

/** Every event type, in the order the form lists them (tickets first, then appointments, then time). */
export const EVENT_TYPES: readonly EventType[] = [
  'ticket.created',
  'ticket.updated',
  'ticket.kind_converted',
  'ticket.commented',
  'appointment.booked',
  'appointment.moved',
  'appointment.cancelled',
  'intervention.recorded',
];

/** Query keys of the webhooks screen. */
export const webhookKeys = {
  all: () => ['webhooks'] as const,
  list: () => ['webhooks', 'list'] as const,
  deliveries: (id: string) => ['webhooks', id, 'deliveries'] as const,
};

export function useWebhooks() {
  return useQuery({
    queryKey: webhookKeys.list(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/webhooks', { signal })),
  });
}

/**
 * A webhook's delivery log (the API answers the newest 200), read again every few seconds
 * while the page is open (every 2 s while a delivery waits for an attempt), so new events and
 * outcomes show without a reload.
 */
export function useDeliveries(id: string) {
  return useQuery({
    queryKey: webhookKeys.deliveries(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id } }, signal })),
    refetchInterval: (q) => (q.state.data?.some((d) => d.status === 'pending') ? 2000 : 5000),
  });
}

export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'CreateWebhookRequest'>) => unwrap(api.POST('/api/v1/webhooks', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: webhookKeys.list() }),
  });
}

export function useUpdateWebhook(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schema<'UpdateWebhookRequest'>) =>
      unwrap(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: webhookKeys.all() }),
  });
}

export function useDeleteWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: (_, id) => {
      qc.removeQueries({ queryKey: webhookKeys.deliveries(id) });
      return qc.invalidateQueries({ queryKey: webhookKeys.list() });
    },
  });
}

export function useRedeliver(webhookId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (delivery: string) =>
      unwrap(api.POST('/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver', { params: { path: { id: webhookId, delivery } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: webhookKeys.deliveries(webhookId) }),
  });
}
