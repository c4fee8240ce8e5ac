import { ANY_AGENCY, consentFor, type ConsentRecord } from '../../../src/domain/consent/consent.js';
import { isoDate } from '../../../src/domain/shared/time.js';

const base: Omit<ConsentRecord, 'id' | 'status' | 'recordedAt'> = {
  tenantId: 't1',
  personId: 'p1',
  information: 'housing needs',
  recipients: ['Stockport Homes'],
  capacity: { kind: 'presumed' },
  recordedBy: 'A. Advocate',
};
const on = isoDate('2026-11-25');

describe('consent register (Speak Out "Confidentiality and Information Sharing": explicit consent)', () => {
  test('no record for the agency means no consent', () => {
    expect(consentFor([], { agency: 'Stockport Homes', on }).kind).toBe('none');
  });

  test('consent to one agency does not cover another', () => {
    const given: ConsentRecord = { ...base, id: 'c1', status: 'given', recordedAt: '2026-11-01T10:00:00.000Z' };
    expect(consentFor([given], { agency: 'stockport homes', on }).kind).toBe('given');
    expect(consentFor([given], { agency: 'Greater Manchester Police', on }).kind).toBe('none');
  });

  test('the latest record wins: a withdrawal after consent means withdrawn', () => {
    const given: ConsentRecord = { ...base, id: 'c1', status: 'given', recordedAt: '2026-11-01T10:00:00.000Z' };
    const withdrawn: ConsentRecord = { ...base, id: 'c2', status: 'withdrawn', recordedAt: '2026-11-20T10:00:00.000Z' };
    expect(consentFor([withdrawn, given], { agency: 'Stockport Homes', on })).toMatchObject({
      kind: 'withdrawn',
      record: { id: 'c2' },
    });
  });

  test('consent past its expiry date is expired, and valid on its last day', () => {
    const given: ConsentRecord = {
      ...base,
      id: 'c1',
      status: 'given',
      recordedAt: '2026-01-01T10:00:00.000Z',
      expiresOn: isoDate('2026-11-24'),
    };
    expect(consentFor([given], { agency: 'Stockport Homes', on }).kind).toBe('expired');
    expect(consentFor([given], { agency: 'Stockport Homes', on: isoDate('2026-11-24') }).kind).toBe('given');
  });

  test('consent recorded from someone assessed as lacking capacity is not valid consent', () => {
    const given: ConsentRecord = {
      ...base,
      id: 'c1',
      status: 'given',
      recordedAt: '2026-11-01T10:00:00.000Z',
      capacity: { kind: 'assessed', outcome: 'lacks-capacity', assessedBy: 'Dr X', assessedOn: isoDate('2026-10-30') },
    };
    expect(consentFor([given], { agency: 'Stockport Homes', on }).kind).toBe('no-capacity');
  });

  test('"any agency" consent covers every agency', () => {
    const given: ConsentRecord = {
      ...base,
      id: 'c1',
      status: 'given',
      recipients: [ANY_AGENCY],
      recordedAt: '2026-11-01T10:00:00.000Z',
    };
    expect(consentFor([given], { agency: 'Greater Manchester Police', on }).kind).toBe('given');
  });
});
