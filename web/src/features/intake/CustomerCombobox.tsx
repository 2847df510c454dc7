import { useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganizationNames, useOrganizationSearch, type Organization } from '../../api/queries';
import { Combobox, type ComboOption } from '../../components/Combobox';
import { searchText } from '../../components/combobox';
import { useDebouncedValue } from '../../components/useDebouncedValue';
import { useCustomerSearch, type User } from './api';

export type Picked = { kind: 'user'; user: User; organization: string | null } | { kind: 'org'; org: Organization };

/** Wait this long after the last key before searching. */
const SEARCH_DELAY_MS = 250;

/** Type-ahead over customers (name or e-mail address) and organisations (name). */
export function CustomerCombobox({ onPick, error, inputRef }: { onPick: (p: Picked) => void; error?: string | undefined; inputRef?: Ref<HTMLInputElement> }) {
  const { t } = useTranslation('intake');
  const [text, setText] = useState('');
  const typed = searchText(text);
  const q = useDebouncedValue(typed, SEARCH_DELAY_MS);
  const users = useCustomerSearch(q);
  const orgs = useOrganizationSearch(q, 5);
  const userItems = q ? (users.data ?? []) : [];
  const orgItems = q ? (orgs.data ?? []) : [];
  const names = useOrganizationNames([...new Set(userItems.map((u) => u.organization_id).filter((id): id is string => !!id))]);

  const people: ComboOption<Picked>[] = userItems.map((u) => {
    const organization = u.organization_id ? (names.get(u.organization_id) ?? null) : null;
    return {
      key: `u-${u.id}`,
      value: { kind: 'user', user: u, organization },
      name: u.display_name,
      detail: [u.email, organization].filter(Boolean).join(' · '),
    };
  });
  const companies: ComboOption<Picked>[] = orgItems.map((o) => ({
    key: `o-${o.id}`,
    value: { kind: 'org', org: o },
    name: o.name,
    detail: [t('combo.organisation'), o.vat_number].filter(Boolean).join(' · '),
  }));

  return (
    <Combobox
      label={t('combo.label')}
      hint={t('combo.hint')}
      error={error}
      text={text}
      onTextChange={setText}
      groups={[
        { key: 'people', label: t('combo.people'), options: people },
        { key: 'orgs', label: t('combo.organisations'), options: companies },
      ]}
      onPick={(p) => {
        onPick(p);
        setText('');
      }}
      query={typed}
      searching={typed !== q || users.isFetching || orgs.isFetching}
      noneText={t('combo.none', { q: typed })}
      listLabel={t('combo.suggestions')}
      onEscape={() => setText('')}
      inputRef={inputRef}
    />
  );
}
