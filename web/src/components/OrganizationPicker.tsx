import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganizationNames, useOrganizationSearch } from '../api/queries';
import { Combobox } from './Combobox';
import { searchText } from './combobox';
import { useDebouncedValue } from './useDebouncedValue';

const SEARCH_DELAY_MS = 250;

interface OrganizationPickerProps {
  label: ReactNode;
  /** The picked organisation's id, or undefined for none. */
  value: string | undefined;
  onChange: (id: string | undefined) => void;
  /** Shown in the empty field, e.g. "Any organisation". */
  placeholder?: string;
  hint?: ReactNode;
  error?: string | undefined;
  className?: string;
}

/**
 * Picks one organisation by typing part of its name: works for any number of organisations
 * (a select of the first few hundred does not). The field shows the picked one's name; typing
 * searches anew, erasing the name (or the × button) picks none, Escape restores the name.
 */
export function OrganizationPicker({ label, value, onChange, placeholder, hint, error, className }: OrganizationPickerProps) {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  // null while the user is not typing: the field then shows the picked organisation's name.
  const [editing, setEditing] = useState<string | null>(null);
  const names = useOrganizationNames(value ? [value] : []);
  const pickedName = value ? (names.get(value) ?? '') : '';
  const typed = searchText(editing ?? '');
  const q = useDebouncedValue(typed, SEARCH_DELAY_MS);
  const found = useOrganizationSearch(q);
  const options = q && editing !== null ? (found.data ?? []) : [];

  return (
    <Combobox
      className={['org-picker', className].filter(Boolean).join(' ')}
      label={label}
      hint={hint}
      error={error}
      placeholder={placeholder ?? t('orgPicker.placeholder')}
      text={editing ?? pickedName}
      onTextChange={setEditing}
      groups={[
        {
          key: 'orgs',
          options: options.map((o) => ({ key: o.id, value: o.id, name: o.name, detail: o.vat_number ?? undefined })),
        },
      ]}
      onPick={(id) => {
        setEditing(null);
        onChange(id);
      }}
      query={editing !== null ? typed : ''}
      searching={typed !== q || found.isFetching}
      noneText={t('orgPicker.none', { q: typed })}
      listLabel={t('orgPicker.suggestions')}
      onBlur={() => {
        // Erasing the name and leaving the field picks none; other unfinished typing is undone.
        if (editing !== null && editing.trim() === '' && value) onChange(undefined);
        setEditing(null);
      }}
      onEscape={() => setEditing(null)}
      inputRef={inputRef}
      after={
        value ? (
          <button
            type="button"
            className="combo-clear"
            aria-label={t('orgPicker.clear', { name: pickedName || t('orgPicker.unknown') })}
            onClick={() => {
              setEditing(null);
              onChange(undefined);
              inputRef.current?.focus();
            }}
          >
            ×
          </button>
        ) : null
      }
    />
  );
}
