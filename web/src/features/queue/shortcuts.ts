/** The queue's keyboard shortcuts (listed in the `?` dialog). */
export type Shortcut = 'next' | 'previous' | 'open' | 'search' | 'help';

export const SHORTCUT_KEYS: ReadonlyArray<{ keys: string[]; action: Shortcut }> = [
  { keys: ['j'], action: 'next' },
  { keys: ['k'], action: 'previous' },
  { keys: ['Enter'], action: 'open' },
  { keys: ['/'], action: 'search' },
  { keys: ['?'], action: 'help' },
];

/** Elements where keys are text: shortcuts are off while the user types there. */
export function isTypingTarget(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el.closest('[contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]')) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(el.type);
  return false;
}

/**
 * The shortcut a key press means here, or null. Off while typing, with Ctrl/Alt/Meta held (the
 * browser's own shortcuts), while a dialog is open, and for Enter on a link or button (which
 * opens or presses it already).
 */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'target' | 'defaultPrevented'>, dialogOpen: boolean): Shortcut | null {
  if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || dialogOpen || isTypingTarget(e.target)) return null;
  if (e.key === 'Enter') {
    const el = e.target instanceof Element ? e.target : null;
    if (el?.closest('a, button, summary, [role="button"], [role="link"]')) return null;
    return 'open';
  }
  return SHORTCUT_KEYS.find((s) => s.keys.includes(e.key) && s.action !== 'open')?.action ?? null;
}
