import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Schema } from '../../api/types';
import type { Lang } from '../../i18n';
import { timeKeys, type ClassifyInput } from './keys';
export { useCoverageTable, useTicketAppointments } from '../../api/queries';

export type InterventionView = Schema<'InterventionView'>;
export type CoverageRow = Schema<'CoverageRow'>;

// The client sends the UI language as Accept-Language; `lang` in the keys refetches on a switch.
export function useInterventions(reference: string, lang: Lang) {
  return useQuery({
    queryKey: timeKeys.interventions(reference, lang),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/tickets/{reference}/interventions', {
          params: { path: { reference } },
          signal,
        }),
      ),
  });
}

/**
 * What the work would be (included or billable, why, how much), for the input as it stands.
 * `input` is already debounced; when it changes, the request for the old input loses its
 * observer and TanStack Query aborts it (its signal was handed to fetch).
 */
export function useClassification(input: ClassifyInput | null, lang: Lang) {
  return useQuery({
    queryKey: timeKeys.classify(input ?? { organization_id: '', date: '', subject: '', minutes: 0 }, lang),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    queryFn: ({ signal }) =>
      unwrap(
        api.POST('/api/v1/billing/classify', {
          body: input as ClassifyInput,
          signal,
        }),
      ),
  });
}

export function recordIntervention(reference: string, body: Schema<'RecordInterventionRequest'>) {
  return unwrap(api.POST('/api/v1/tickets/{reference}/interventions', { params: { path: { reference } }, body }));
}

export function updateIntervention(reference: string, id: string, body: Schema<'UpdateInterventionRequest'>) {
  return unwrap(api.PATCH('/api/v1/tickets/{reference}/interventions/{id}', { params: { path: { reference, id } }, body }));
}

export function deleteIntervention(reference: string, id: string) {
  return unwrap(api.DELETE('/api/v1/tickets/{reference}/interventions/{id}', { params: { path: { reference, id } } }));
}

/** Without a reason the request has no body (the API takes that as "no reason given"). */
export function reclassifyIntervention(reference: string, id: string, reason?: string) {
  return unwrap(
    api.POST('/api/v1/tickets/{reference}/interventions/{id}/reclassify', {
      params: { path: { reference, id } },
      ...(reason === undefined ? {} : { body: { reason } }),
    }),
  );
}
