import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Schema } from '../../api/types';
import type { Lang } from '../../i18n';
import { bookingKeys } from './keys';
export { downloadIcs, useStaff, useTicketAppointments } from '../../api/queries';

export type Appointment = Schema<'Appointment'>;
export type AppointmentMode = Schema<'AppointmentMode'>;

const SCHEDULE = 'interventions';

/** Every day of the window with its hours, or why it is closed (in the UI language, which the client sends). */
export function useScheduleDays(from: string, to: string, lang: Lang) {
  return useQuery({
    queryKey: bookingKeys.days(from, to, lang),
    staleTime: 10 * 60_000,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/schedules/{code}/days', {
          params: { path: { code: SCHEDULE }, query: { from, to } },
          signal,
        }),
      ),
  });
}

/** The agent's free slots of `minutes` in the window (days, both included). */
export function useFreeSlots(agent: string, minutes: number, from: string, to: string) {
  return useQuery({
    queryKey: bookingKeys.slots(agent, minutes, from, to),
    enabled: !!agent && minutes > 0,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/schedules/{code}/slots', {
          params: { path: { code: SCHEDULE }, query: { from, to, minutes, agent } },
          signal,
        }),
      ),
  });
}

export function bookAppointment(body: Schema<'CreateAppointmentRequest'>) {
  return unwrap(api.POST('/api/v1/appointments', { body }));
}

export function moveAppointment(id: string, body: Schema<'RescheduleRequest'>) {
  return unwrap(api.PATCH('/api/v1/appointments/{id}', { params: { path: { id } }, body }));
}

export function cancelAppointment(id: string) {
  return unwrap(api.POST('/api/v1/appointments/{id}/cancel', { params: { path: { id } } }));
}

