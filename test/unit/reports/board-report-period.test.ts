/**
 * Periods of the Board's reports in London time and when each report falls due (issue 10): the
 * first UK working day after the period, from the working day's start. Q4 2026 → Mon 4 Jan 2027
 * (1 Jan a bank holiday, then the weekend); a month starting on a Sunday in BST → the Monday.
 * And what a reader outside the Board's roles gets (seAp "Service Complaints": commissioners).
 */
import { createUkCalendar } from '../../../src/calendar/date-holidays-source.js';
import { reportForRecipients } from '../../../src/app/reports/board-reports.js';
import type { BoardReport } from '../../../src/domain/reports/board-report.js';
import { latestDuePeriod, parsePeriod, periodsUpTo, reportDueAt } from '../../../src/domain/reports/report-period.js';
import { loadPacks } from '../../../src/packs/pack-registry.js';

const calendar = createUkCalendar('england-and-wales');

test('a quarter and a month in London time, across the clock change', () => {
  expect(parsePeriod('2026-Q4')).toMatchObject({
    start: '2026-09-30T23:00:00.000Z', // 1 Oct 00:00 BST
    end: '2027-01-01T00:00:00.000Z',
    firstDay: '2026-10-01',
    nextDay: '2027-01-01',
  });
  expect(parsePeriod('2026-03')).toMatchObject({ start: '2026-03-01T00:00:00.000Z', end: '2026-03-31T23:00:00.000Z' });
  expect(() => parsePeriod('2026-Q5')).toThrow(/not a month \(2026-11\) or a quarter \(2026-Q4\)/);
  expect(() => parsePeriod('2026-13')).toThrow(/not a month/);
  expect(periodsUpTo(parsePeriod('2027-Q1'), 4).map((p) => p.id)).toEqual(['2026-Q2', '2026-Q3', '2026-Q4', '2027-Q1']);
  expect(periodsUpTo(parsePeriod('2027-01'), 2).map((p) => p.id)).toEqual(['2026-12', '2027-01']);
});

test('due on the first working day after the period, at the start of the working day', () => {
  expect(reportDueAt(parsePeriod('2026-Q4'), calendar).toISOString()).toBe('2027-01-04T09:00:00.000Z');
  // 1 Nov 2026 is a Sunday: the October report is due Mon 2 Nov, 09:00 GMT.
  expect(reportDueAt(parsePeriod('2026-10'), calendar).toISOString()).toBe('2026-11-02T09:00:00.000Z');
  // 1 Jun 2026 is a Monday in BST: 09:00 London is 08:00Z.
  expect(reportDueAt(parsePeriod('2026-05'), calendar).toISOString()).toBe('2026-06-01T08:00:00.000Z');
  expect(latestDuePeriod('quarterly', new Date('2027-01-04T08:59:59Z'), calendar).id).toBe('2026-Q3');
  expect(latestDuePeriod('quarterly', new Date('2027-01-04T09:00:00Z'), calendar).id).toBe('2026-Q4');
  expect(latestDuePeriod('monthly', new Date('2027-01-01T12:00:00Z'), calendar).id).toBe('2026-11');
});

test('seAp: the Senior Management Team gets the free text, commissioners the counts only', async () => {
  const seap = (await loadPacks({})).get('seap');
  const report = {
    outstandingConcerns: ['Visits still refused'],
    debriefIssues: ['Forms differ'],
  } as unknown as BoardReport; // only the free-text fields matter here
  const [smt, commissioners] = seap.board.reports;
  expect(reportForRecipients(seap, smt, report)).toBe(report);
  expect(reportForRecipients(seap, commissioners, report)).toMatchObject({
    outstandingConcerns: [],
    debriefIssues: [],
    withheld: { outstandingConcerns: 1, debriefIssues: 1 },
  });
});
