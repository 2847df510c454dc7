import type { ReactNode } from 'react';

export function DescriptionList({ items }: { items: Array<{ term: ReactNode; value: ReactNode; key?: string }> }) {
  return (
    <dl className="dl">
      {items.map((it, i) => (
        <div key={it.key ?? i} style={{ display: 'contents' }}>
          <dt>{it.term}</dt>
          <dd>{it.value}</dd>
        </div>
      ))}
    </dl>
  );
}
