import { IsoDateTime } from '@triage/shared';
import { describe, expect, it } from 'vitest';
import { jiraApiTimestamp, parseJiraCsvDate } from './jira-dates';

describe('jiraApiTimestamp', () => {
  it('puts the colon into Jira offsets and keeps the offset itself', () => {
    expect(jiraApiTimestamp('2024-01-02T03:04:05.000+0100')).toBe('2024-01-02T03:04:05.000+01:00');
    expect(jiraApiTimestamp('2024-07-31T23:59:59.123-0530')).toBe('2024-07-31T23:59:59.123-05:30');
    expect(jiraApiTimestamp('2024-01-02T03:04:05.000+00:00')).toBe('2024-01-02T03:04:05.000+00:00');
    expect(jiraApiTimestamp('2024-01-02T03:04Z')).toBe('2024-01-02T03:04:00Z');
    for (const v of ['2024-01-02T03:04:05.000+0100', '2024-01-02T03:04Z']) {
      expect(IsoDateTime.safeParse(jiraApiTimestamp(v)).success).toBe(true);
    }
  });

  it('leaves other shapes alone so that validation names the field', () => {
    expect(jiraApiTimestamp('yesterday')).toBe('yesterday');
    expect(jiraApiTimestamp('2024-01-02')).toBe('2024-01-02');
  });
});

describe('parseJiraCsvDate', () => {
  it.each([
    ['02/Jan/24 3:04 PM', '2024-01-02T15:04:00Z'],
    ['02/jan/24 12:00 AM', '2024-01-02T00:00:00Z'],
    ['2/Dec/24 12:30 pm', '2024-12-02T12:30:00Z'],
    ['02/Jan/2024 15:04', '2024-01-02T15:04:00Z'],
    ['02/Jan/24 15:04:09', '2024-01-02T15:04:09Z'],
    ['02/Jan/99', '1999-01-02T00:00:00Z'],
    ['29/Feb/24 9:00 AM', '2024-02-29T09:00:00Z'],
    ['2024-01-02 15:04', '2024-01-02T15:04:00Z'],
    ['2024-01-02 15:04:05', '2024-01-02T15:04:05Z'],
    ['2024-01-02T15:04:05.000+0100', '2024-01-02T15:04:05+01:00'],
    ['2024-01-02', '2024-01-02T00:00:00Z'],
  ])('reads %s', (input, iso) => {
    expect(parseJiraCsvDate(input)).toBe(iso);
    expect(IsoDateTime.safeParse(iso).success).toBe(true);
  });

  it.each([
    '31/Feb/24 1:00 PM',
    '29/Feb/23',
    '02/Jan/24 13:00 PM',
    '02/Jan/24 0:30 AM',
    '02/Foo/24',
    '02.01.2024 15:04',
    'Jan 2, 2024',
    '2024-13-01',
    '2024-01-02 24:00',
    '',
  ])('refuses %j rather than guessing', (input) => {
    expect(parseJiraCsvDate(input)).toBeUndefined();
  });
});
