import { describe, expect, it } from 'vitest';
import { addInterval, checkDay, copyToWeekdays, dayMinutes, minutes, normal, parseHoursField, toForm, toWeekly } from './hours';

describe('hours editing', () => {
  it('a split day round-trips, sorted, with closed days left out', () => {
    const form = toForm({ monday: [{ start: '13:00', end: '17:00' }, { start: '8:30', end: '12:00' }] });
    expect(form.monday).toEqual([{ start: '13:00', end: '17:00' }, { start: '08:30', end: '12:00' }]);
    expect(form.sunday).toEqual([]);
    expect(toWeekly(form)).toEqual({ monday: [{ start: '08:30', end: '12:00' }, { start: '13:00', end: '17:00' }] });
  });

  it('reads times, 24:00 included, and refuses the rest', () => {
    expect(minutes('08:30')).toBe(510);
    expect(minutes('24:00')).toBe(1440);
    expect(minutes('24:01')).toBeNaN();
    expect(minutes('12:60')).toBeNaN();
    expect(minutes('noon')).toBeNaN();
    expect(normal(' 9:05 ')).toBe('09:05');
  });

  it('finds bad times, an end before its start and overlapping intervals', () => {
    expect(checkDay([{ start: '08:30', end: '12:00' }, { start: '13:00', end: '17:00' }])).toEqual({});
    expect(checkDay([{ start: '8h', end: '12:00' }])).toEqual({ '0.start': 'invalid_time' });
    expect(checkDay([{ start: '12:00', end: '08:00' }])).toEqual({ '0.end': 'end_before_start' });
    expect(checkDay([{ start: '08:30', end: '12:00' }, { start: '11:00', end: '17:00' }])).toEqual({ '1.start': 'overlap' });
    // Touching intervals do not overlap.
    expect(checkDay([{ start: '08:30', end: '12:00' }, { start: '12:00', end: '17:00' }])).toEqual({});
  });

  it('adds a morning to an empty day and an afternoon after a morning', () => {
    expect(addInterval([])).toEqual([{ start: '08:30', end: '12:00' }]);
    expect(addInterval([{ start: '08:30', end: '12:00' }])[1]).toEqual({ start: '13:00', end: '17:00' });
  });

  it('copies a day to the other working days, not to the weekend', () => {
    const form = toForm({ monday: [{ start: '08:30', end: '12:00' }], saturday: [{ start: '09:00', end: '12:00' }] });
    const copied = copyToWeekdays(form, 'monday');
    expect(copied.friday).toEqual([{ start: '08:30', end: '12:00' }]);
    expect(copied.saturday).toEqual([{ start: '09:00', end: '12:00' }]);
    copied.friday[0]!.start = '10:00';
    expect(copied.monday[0]!.start).toBe('08:30');
  });

  it('counts open minutes and reads the API field paths', () => {
    expect(dayMinutes([{ start: '08:30', end: '12:00' }, { start: '13:00', end: '17:00' }])).toBe(450);
    expect(parseHoursField('weekly_hours.tuesday[1]')).toEqual({ day: 'tuesday', index: 1 });
    expect(parseHoursField('weekly_hours.friday')).toEqual({ day: 'friday', index: null });
    expect(parseHoursField('name')).toBeNull();
  });
});
