import { forwardRef, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomerSearch, useOrganizationNames, useOrganizationSearch, type Organization, type User } from './api';
import { moveActive, searchText } from './combobox';
import { useDebouncedValue } from '../../components/useDebouncedValue';

export type Picked = { kind: 'user'; user: User; organization: string | null } | { kind: 'org'; org: Organization };

type Option = { id: string; picked: Picked; name: string; detail: string };

/** Wait this long after the last key before searching. */
const SEARCH_DELAY_MS = 250;

/**
 * Type-ahead over customers (name or e-mail address) and organisations (name): an ARIA 1.2
 * combobox with a listbox popup; ↓/↑ move, Enter picks, Escape closes (or clears).
 */
export const CustomerCombobox = forwardRef<HTMLInputElement, { onPick: (p: Picked) => void; error?: string | undefined }>(
  function CustomerCombobox({ onPick, error }, ref) {
    const { t } = useTranslation('intake');
    const base = useId();
    const [text, setText] = useState('');
    const [open, setOpen] = useState(false);
    const [active, setActive] = useState(-1);
    const typed = searchText(text);
    const q = useDebouncedValue(typed, SEARCH_DELAY_MS);
    const users = useCustomerSearch(q);
    const orgs = useOrganizationSearch(q);
    const userItems = useMemo(() => (q ? (users.data ?? []) : []), [q, users.data]);
    const orgItems = useMemo(() => (q ? (orgs.data?.items ?? []) : []), [q, orgs.data]);
    const orgIds = useMemo(() => [...new Set(userItems.map((u) => u.organization_id).filter((id): id is string => !!id))], [userItems]);
    const names = useOrganizationNames(orgIds);

    const people: Option[] = userItems.map((u) => {
      const organization = u.organization_id ? (names.get(u.organization_id) ?? null) : null;
      return {
        id: `${base}-u-${u.id}`,
        picked: { kind: 'user', user: u, organization },
        name: u.display_name,
        detail: [u.email, organization].filter(Boolean).join(' · '),
      };
    });
    const companies: Option[] = orgItems.map((o) => ({
      id: `${base}-o-${o.id}`,
      picked: { kind: 'org', org: o },
      name: o.name,
      detail: [t('combo.organisation'), o.vat_number].filter(Boolean).join(' · '),
    }));
    const options = [...people, ...companies];
    const searching = typed !== q || users.isFetching || orgs.isFetching;
    const expanded = open && options.length > 0;
    const activeOption = expanded && active >= 0 ? options[active] : undefined;

    const pick = (o: Option) => {
      onPick(o.picked);
      setText('');
      setOpen(false);
      setActive(-1);
    };

    const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp' || ((e.key === 'Home' || e.key === 'End') && expanded)) {
        e.preventDefault();
        setOpen(true);
        setActive((a) => moveActive(a, options.length, e.key));
      } else if (e.key === 'Enter') {
        // Enter picks; it never submits the form from here.
        e.preventDefault();
        if (activeOption) pick(activeOption);
      } else if (e.key === 'Escape') {
        if (open) setOpen(false);
        else setText('');
        setActive(-1);
      }
    };

    const status = !typed
      ? ''
      : searching
        ? t('combo.searching')
        : options.length
          ? t('combo.count', { count: options.length })
          : t('combo.none', { q: typed });
    const group = (label: string, list: Option[], offset: number, key: string) =>
      list.length > 0 && (
        <div role="group" aria-labelledby={`${base}-${key}`}>
          <div role="presentation" id={`${base}-${key}`} className="combo-group">
            {label}
          </div>
          {list.map((o, i) => (
            <div
              key={o.id}
              id={o.id}
              role="option"
              aria-selected={active === offset + i}
              className="combo-option"
              // mousedown, not click: the input must not lose focus (and close the list) first.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(o);
              }}
              onMouseMove={() => setActive(offset + i)}
            >
              <span className="combo-option-name">{o.name}</span>
              <span className="combo-option-detail">{o.detail}</span>
            </div>
          ))}
        </div>
      );

    return (
      <div className="field combo">
        <label className="field-label" htmlFor={`${base}-input`}>
          {t('combo.label')}
        </label>
        <p className="field-hint" id={`${base}-hint`}>
          {t('combo.hint')}
        </p>
        <div className="combo-box">
          <input
            ref={ref}
            id={`${base}-input`}
            className="input"
            type="text"
            role="combobox"
            autoComplete="off"
            spellCheck={false}
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={`${base}-list`}
            aria-activedescendant={activeOption?.id}
            aria-describedby={[`${base}-hint`, error ? `${base}-error` : null].filter(Boolean).join(' ')}
            aria-invalid={error ? true : undefined}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
              setActive(-1);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
          />
          <div id={`${base}-list`} role="listbox" aria-label={t('combo.suggestions')} className="combo-list" hidden={!expanded}>
            {group(t('combo.people'), people, 0, 'people')}
            {group(t('combo.organisations'), companies, people.length, 'orgs')}
          </div>
        </div>
        <p className="small muted combo-status" role="status">
          {status}
        </p>
        {error && (
          <p className="field-error" id={`${base}-error`}>
            {error}
          </p>
        )}
      </div>
    );
  },
);
