import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isApiProblem } from '../../api/problem';
import type { Schema } from '../../api/types';
import { Alert } from '../../components/Alert';
import { updateTicket, useRefreshTicket, type TicketUpdate } from './api';

export type Outcome = { tone: 'success' | 'danger'; title: string; text?: string } | null;

/** The API's reason for a refusal in words: a 409's detail, a 422's field messages. */
export function problemWords(e: unknown, t: TFunction): string {
  if (!isApiProblem(e)) return t('common:error.unexpected');
  if (e.code === 'network') return t('common:error.network');
  if (e.fieldErrors.length) return e.fieldErrors.map((f) => f.message).join(' ');
  return e.detail || e.title;
}

/**
 * Sends one change to the ticket and keeps the outcome to show beside the control: the
 * success line (from the ticket as the API answered it) or the API's reason for refusing.
 */
export function useChange(reference: string) {
  const { t } = useTranslation('desk');
  const refresh = useRefreshTicket(reference);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const send = async (body: TicketUpdate, success: (updated: Schema<'Ticket'>) => string, failure: string) => {
    setBusy(true);
    setOutcome(null);
    try {
      const updated = await updateTicket(reference, body);
      setOutcome({ tone: 'success', title: success(updated) });
      await refresh();
      return updated;
    } catch (e) {
      setOutcome({ tone: 'danger', title: failure, text: problemWords(e, t) });
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { busy, outcome, send };
}

export function OutcomeAlert({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  return (
    <Alert tone={outcome.tone} title={outcome.title}>
      {outcome.text && <p>{outcome.text}</p>}
    </Alert>
  );
}
