import { NavLink } from 'react-router';

export interface SubNavItem {
  to: string;
  label: string;
  /** Highlight only on exactly this path. */
  end?: boolean;
}

/**
 * Tabs between the pages of one area (administration, a customer admin's organisation),
 * above each of them: the main navigation then needs one entry per area, not per page.
 */
export function SubNav({ label, items }: { label: string; items: readonly SubNavItem[] }) {
  return (
    <nav className="sub-nav" aria-label={label}>
      {items.map((i) => (
        <NavLink key={i.to} to={i.to} end={i.end ?? false} className="sub-nav-link">
          {i.label}
        </NavLink>
      ))}
    </nav>
  );
}
