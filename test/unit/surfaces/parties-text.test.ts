/**
 * Who took part, as typed on a card or in the tab (one per line): "name, role, agency", with
 * another agency's email last when given, so the outcome can be shared with them (Stockport stage
 * three). The same parser serves both surfaces.
 */
import { partiesFromLines } from '../../../src/domain/escalation/parties-text.js';

test('name, role and agency per line; an email last is kept apart from the agency', () => {
  expect(
    partiesFromLines(
      'Jo Nurse, Senior nurse, Community Health, jo@health.example\r\n\n Kim, Inspector, Police, Stockport \nSam',
    ),
  ).toEqual([
    { name: 'Jo Nurse', role: 'Senior nurse', agency: 'Community Health', email: 'jo@health.example' },
    { name: 'Kim', role: 'Inspector', agency: 'Police, Stockport' },
    { name: 'Sam', role: '', agency: '' },
  ]);
});

test('an agency that merely contains @ is not taken for an email', () => {
  expect(partiesFromLines('Ann, Advocate, Speak Out @ Durham')).toEqual([
    { name: 'Ann', role: 'Advocate', agency: 'Speak Out @ Durham' },
  ]);
});
