import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

function press(key: string, target: EventTarget | null = document.body, mods: Partial<KeyboardEvent> = {}) {
  return { key, target, ctrlKey: false, altKey: false, metaKey: false, defaultPrevented: false, ...mods };
}

describe('queue shortcuts', () => {
  it('maps j, k, /, ? and Enter', () => {
    expect(shortcutFor(press('j'), false)).toBe('next');
    expect(shortcutFor(press('k'), false)).toBe('previous');
    expect(shortcutFor(press('/'), false)).toBe('search');
    expect(shortcutFor(press('?'), false)).toBe('help');
    expect(shortcutFor(press('Enter'), false)).toBe('open');
    expect(shortcutFor(press('x'), false)).toBeNull();
  });

  it('is off while typing in a field', () => {
    for (const el of [document.createElement('input'), document.createElement('textarea'), document.createElement('select')]) {
      expect(shortcutFor(press('j', el), false)).toBeNull();
      expect(shortcutFor(press('/', el), false)).toBeNull();
    }
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    document.body.appendChild(editable);
    expect(shortcutFor(press('k', editable), false)).toBeNull();
    editable.remove();
  });

  it('still works on a checkbox', () => {
    const box = document.createElement('input');
    box.type = 'checkbox';
    expect(shortcutFor(press('j', box), false)).toBe('next');
  });

  it("leaves the browser's shortcuts and open dialogs alone", () => {
    expect(shortcutFor(press('k', document.body, { ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(press('j', document.body, { metaKey: true }), false)).toBeNull();
    expect(shortcutFor(press('j'), true)).toBeNull();
    expect(shortcutFor(press('j', document.body, { defaultPrevented: true }), false)).toBeNull();
  });

  it('lets Enter on a link or button do what it does', () => {
    const a = document.createElement('a');
    a.href = '/x';
    const span = document.createElement('span');
    a.appendChild(span);
    expect(shortcutFor(press('Enter', a), false)).toBeNull();
    expect(shortcutFor(press('Enter', span), false)).toBeNull();
    expect(shortcutFor(press('Enter', document.createElement('button')), false)).toBeNull();
  });
});
