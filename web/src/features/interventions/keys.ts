import { ticketKey } from '../../api/keys';
import type { Lang } from '../../i18n';

/**
 * Query keys of the time panel. A ticket's interventions sit under the ticket's key (a live
 * `intervention.recorded` event refreshes them); explanations come in the UI language, so the
 * language is part of the keys that carry them.
 */
export const timeKeys = {
  interventions: (reference: string, lang: Lang) => [...ticketKey(reference), 'interventions', lang] as const,
  classify: (input: ClassifyInput, lang: Lang) => ['billing', 'classify', input, lang] as const,
};

export interface ClassifyInput {
  organization_id: string;
  date: string;
  subject: string;
  minutes: number;
}
