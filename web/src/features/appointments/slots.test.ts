import { describe, expect, it } from 'vitest';
import { addDays, groupSlotsByDay, mondayOf, pickerDays, type ScheduleDay } from './slots';

const slot = (start: string, end: string) => ({ start, end });

describe('calendar days', () => {
  it('adds calendar days across month ends and the switch to summer time', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2027-03-27', 1)).toBe('2027-03-28');
    expect(addDays('2027-03-28', 1)).toBe('2027-03-29');
    expect(addDays('2026-03-02', -2)).toBe('2026-02-28');
  });

  it('starts a week on Monday', () => {
    expect(mondayOf('2026-12-03')).toBe('2026-11-30'); // a Thursday
    expect(mondayOf('2026-12-06')).toBe('2026-11-30'); // a Sunday belongs to the week before
    expect(mondayOf('2026-12-07')).toBe('2026-12-07');
  });
});

describe('groupSlotsByDay', () => {
  it('groups per Brussels day, each day in time order', () => {
    const byDay = groupSlotsByDay([
      slot('2026-12-04T13:00:00Z', '2026-12-04T14:00:00Z'),
      slot('2026-12-04T08:00:00Z', '2026-12-04T09:00:00Z'),
      slot('2026-12-07T08:15:00Z', '2026-12-07T09:15:00Z'),
    ]);
    expect([...byDay.keys()]).toEqual(['2026-12-04', '2026-12-07']);
    expect(byDay.get('2026-12-04')!.map((s) => s.start)).toEqual(['2026-12-04T08:00:00Z', '2026-12-04T13:00:00Z']);
  });
});

describe('pickerDays', () => {
  const now = new Date('2026-12-03T12:30:00Z'); // Thursday 13:30 in Brussels
  const open = (date: string): ScheduleDay => ({ date, open: true, hours: [{ from: '09:00', to: '12:00' }], closed_reason: null });
  const days: ScheduleDay[] = [
    open('2026-12-02'),
    open('2026-12-03'),
    open('2026-12-04'),
    { date: '2026-12-05', open: false, hours: [], closed_reason: { kind: 'weekend', name: 'Weekend', description: 'Saturday 5 December 2026 is in the weekend' } },
    { date: '2026-12-25', open: false, hours: [], closed_reason: { kind: 'christmas_closure', name: 'Christmas closure', description: '25 December 2026 falls in the Christmas closure' } },
  ];

  it('keeps every closed day with its reason, and cannot offer it', () => {
    const out = pickerDays(days, [], now);
    expect(out.find((d) => d.date === '2026-12-05')).toEqual({
      date: '2026-12-05',
      state: 'closed',
      reason: { kind: 'weekend', name: 'Weekend', description: 'Saturday 5 December 2026 is in the weekend' },
    });
    expect(out.find((d) => d.date === '2026-12-25')).toMatchObject({ state: 'closed', reason: { kind: 'christmas_closure' } });
  });

  it('offers only slots that start after now; a day without any is full, a day before today past', () => {
    const out = pickerDays(
      days,
      [
        slot('2026-12-03T08:00:00Z', '2026-12-03T09:00:00Z'), // this morning: gone
        slot('2026-12-03T14:00:00Z', '2026-12-03T15:00:00Z'),
        slot('2026-12-04T08:00:00Z', '2026-12-04T09:00:00Z'),
      ],
      now,
    );
    expect(out.map((d) => d.state)).toEqual(['past', 'free', 'free', 'closed', 'closed']);
    const today = out[1]!;
    expect(today.state === 'free' && today.slots.map((s) => s.start)).toEqual(['2026-12-03T14:00:00Z']);
    expect(pickerDays([open('2026-12-04')], [], now)).toEqual([{ date: '2026-12-04', state: 'full' }]);
  });
});
