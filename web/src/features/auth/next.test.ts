import { describe, expect, it } from 'vitest';
import { safeNext } from './next';

describe('safeNext (where to go after login)', () => {
  it('follows paths of this app', () => {
    expect(safeNext('/tickets/2026-000001')).toBe('/tickets/2026-000001');
    expect(safeNext('/tickets?status=closed#x')).toBe('/tickets?status=closed#x');
  });
  it('refuses other sites and odd values (no open redirect)', () => {
    expect(safeNext('https://evil.example/')).toBeNull();
    expect(safeNext('//evil.example/')).toBeNull();
    expect(safeNext('/\\evil.example')).toBeNull();
    expect(safeNext('javascript:alert(1)')).toBeNull();
    expect(safeNext('')).toBeNull();
    expect(safeNext(null)).toBeNull();
  });
  it('does not loop back to the login page', () => {
    expect(safeNext('/login?next=/tickets')).toBeNull();
  });
});
