/** Where the active option goes on a key press in an open list of `count` options (-1: none). */
export function moveActive(current: number, count: number, key: string): number {
  if (count === 0) return -1;
  switch (key) {
    case 'ArrowDown':
      return current < 0 || current >= count - 1 ? 0 : current + 1;
    case 'ArrowUp':
      return current <= 0 ? count - 1 : current - 1;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return current;
  }
}

/** The search text as sent: trimmed, inner spaces collapsed; too short to search gives ''. */
export function searchText(typed: string, minLength = 2): string {
  const q = typed.trim().replace(/\s+/g, ' ');
  return q.length >= minLength ? q : '';
}
