import { useId, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { moveActive } from './combobox';

export interface ComboOption<T> {
  key: string;
  value: T;
  name: string;
  detail?: string | undefined;
}

/** Options under a heading; a group without a label is shown without one. */
export interface ComboGroup<T> {
  key: string;
  label?: string;
  options: ComboOption<T>[];
}

interface ComboboxProps<T> {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  placeholder?: string | undefined;
  /** What the input shows. */
  text: string;
  onTextChange: (text: string) => void;
  /** The suggestions for the search sent (`query`), in groups. */
  groups: ComboGroup<T>[];
  onPick: (value: T) => void;
  /** The search as sent ('' when too short to search): the status line speaks of it. */
  query: string;
  /** A search is under way (typed but not yet sent, or its answer not yet in). */
  searching: boolean;
  /** The status line when nothing matches `query`. */
  noneText: string;
  /** The listbox's accessible name. */
  listLabel: string;
  onBlur?: () => void;
  /** Escape on a closed list: the caller decides (clear the text, restore a picked value). */
  onEscape?: () => void;
  inputRef?: Ref<HTMLInputElement>;
  /** Controls beside the input (a clear button). */
  after?: ReactNode;
  className?: string;
}

/**
 * Type-ahead with a listbox popup (the ARIA 1.2 combobox pattern): ↓/↑/Home/End move, Enter
 * picks, Escape closes the list. The caller searches; this handles focus, keys and
 * announcements. Shared by the phone intake's customer search and the organisation pickers.
 */
export function Combobox<T>({ inputRef, ...p }: ComboboxProps<T>) {
  const { t } = useTranslation();
  const base = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const flat = p.groups.flatMap((g) => g.options);
  const expanded = open && flat.length > 0;
  const activeOption = expanded && active >= 0 ? flat[active] : undefined;
  const optionId = (o: ComboOption<T>) => `${base}-o-${o.key}`;

  const pick = (o: ComboOption<T>) => {
    p.onPick(o.value);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp' || ((e.key === 'Home' || e.key === 'End') && expanded)) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => moveActive(a, flat.length, e.key));
    } else if (e.key === 'Enter') {
      // Enter picks; it never submits the form from here.
      e.preventDefault();
      if (activeOption) pick(activeOption);
    } else if (e.key === 'Escape') {
      if (expanded) setOpen(false);
      else p.onEscape?.();
      setActive(-1);
    }
  };

  const status = !p.query
    ? ''
    : p.searching
      ? t('combo.searching')
      : flat.length
        ? t('combo.count', { count: flat.length })
        : p.noneText;
  // Where each group's options start in the flat list (the active index counts across groups).
  const starts = p.groups.map((_, i) => p.groups.slice(0, i).reduce((n, g) => n + g.options.length, 0));
  const groups = p.groups.map((g, gi) => {
    const start = starts[gi] ?? 0;
    if (g.options.length === 0) return null;
    const headingId = `${base}-g-${g.key}`;
    return (
      <div key={g.key} role="group" aria-labelledby={g.label ? headingId : undefined}>
        {g.label && (
          <div role="presentation" id={headingId} className="combo-group">
            {g.label}
          </div>
        )}
        {g.options.map((o, i) => (
          <div
            key={o.key}
            id={optionId(o)}
            role="option"
            aria-selected={active === start + i}
            className="combo-option"
            // mousedown, not click: the input must not lose focus (and close the list) first.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(o);
            }}
            onMouseMove={() => setActive(start + i)}
          >
            <span className="combo-option-name">{o.name}</span>
            {o.detail && <span className="combo-option-detail">{o.detail}</span>}
          </div>
        ))}
      </div>
    );
  });

  return (
    <div className={['field', 'combo', p.className].filter(Boolean).join(' ')}>
      <label className="field-label" htmlFor={`${base}-input`}>
        {p.label}
      </label>
      {p.hint && (
        <p className="field-hint" id={`${base}-hint`}>
          {p.hint}
        </p>
      )}
      <div className="combo-box">
        <input
          ref={inputRef}
          id={`${base}-input`}
          className="input"
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          placeholder={p.placeholder}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={`${base}-list`}
          aria-activedescendant={activeOption ? optionId(activeOption) : undefined}
          aria-describedby={[p.hint ? `${base}-hint` : null, p.error ? `${base}-error` : null].filter(Boolean).join(' ')}
          aria-invalid={p.error ? true : undefined}
          value={p.text}
          onChange={(e) => {
            p.onTextChange(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => {
            setOpen(false);
            p.onBlur?.();
          }}
          onKeyDown={onKeyDown}
        />
        {p.after}
        <div id={`${base}-list`} role="listbox" aria-label={p.listLabel} className="combo-list" hidden={!expanded}>
          {groups}
        </div>
      </div>
      <p className="small muted combo-status" id={`${base}-status`} role="status">
        {status}
      </p>
      {p.error && (
        <p className="field-error" id={`${base}-error`}>
          {p.error}
        </p>
      )}
    </div>
  );
}
