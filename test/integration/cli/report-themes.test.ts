/**
 * `safeguard report themes` (issue 10): the administrator prints a period's Board report and
 * exports the same CSV the tab and the email carry — a real process on an embedded database.
 * Stockport s.5 (004_0dc7e94071fd648b.txt): the quarterly report to the LSAB.
 */
import { jest } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { raiseEscalation } from '../../../src/app/escalations/escalations.js';
import { registerPerson } from '../../../src/app/people/people-and-consent.js';
import { boardReportForAdministrator } from '../../../src/app/reports/board-reports.js';
import { boardReportCsv } from '../../../src/app/reports/board-report-csv.js';
import { openApp } from '../../../src/composition.js';
import { loadConfig } from '../../../src/config.js';
import { safeguard } from '../../helpers/run-safeguard.js';
import { createEmbeddedFolder } from '../../helpers/test-database.js';
import { isoDate } from '../../../src/domain/shared/time.js';

jest.setTimeout(180_000);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safeguard-report-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test('s.5: the Q4 2026 report printed and exported as CSV; a period that is not one is refused', async () => {
  const env = { SAFEGUARD_DATA_DIR: join(dir, 'db') };
  await createEmbeddedFolder(env.SAFEGUARD_DATA_DIR); // from the test template: no initdb in the CLI's process
  const app = await openApp(loadConfig(env));
  let expected: string;
  try {
    await app.deps.store.createTenant({ id: 'smbc', name: 'Stockport ASC', packId: 'stockport', emailDomains: [] });
    const deps = { ...app.deps, clock: { now: () => new Date('2026-11-16T10:00:00Z') } };
    const sam = { tenantId: 'smbc', userId: 'u-sam', name: 'Sam Practitioner' };
    const person = await registerPerson(deps, sam, { caseReference: 'SMBC-1', displayName: 'Pat Example' });
    await raiseEscalation(deps, sam, {
      personId: person.id,
      raiserRole: 'Nurse',
      raiserAgency: 'Stockport',
      otherAgency: { name: 'Stockport Homes', contact: { name: 'Alex', role: 'Officer', agency: 'Stockport Homes' } },
      natures: ['not-sharing-information'],
      natureDetails: 'x',
      outcomeSought: 'y',
      outcomeSoughtBy: isoDate('2027-01-29'),
      riskLevel: 'standard',
      adultView: { kind: 'given', view: 'Wants help', by: 'adult' },
    });
    expected = boardReportCsv((await boardReportForAdministrator(deps, 'smbc', '2026-Q4')).report);
  } finally {
    await app.close();
  }
  const file = join(dir, 'q4.csv');
  const printed = await safeguard(['report', 'themes', '--tenant', 'smbc', '--period', '2026-Q4', '--csv', file], env);
  expect(printed.code).toBe(0);
  expect(printed.stdout).toContain('escalations report for 2026-Q4 (2026-10-01 to 2026-12-31)');
  expect(printed.stdout).toContain('Raised: 1');
  expect(printed.stdout).toContain('Stockport Homes: 1');
  expect(printed.stdout).toContain('Not kept: computed now from the records.');
  expect(printed.stderr).toBe(`wrote ${file}`);
  expect(await readFile(file, 'utf8')).toBe(expected);

  const wrong = await safeguard(['report', 'themes', '--tenant', 'smbc', '--period', '2026-Q5'], env);
  expect(wrong.code).not.toBe(0);
  expect(wrong.stderr).toMatch(/not a month \(2026-11\) or a quarter \(2026-Q4\)/);
});
