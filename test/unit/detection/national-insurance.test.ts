import {
  findNationalInsuranceNumbers,
  isValidNationalInsuranceNumber,
} from '../../../src/domain/detection/national-insurance.js';

const found = (text: string) => findNationalInsuranceNumbers(text).map((s) => text.slice(s.index, s.index + s.length));

describe('National Insurance numbers', () => {
  test('valid numbers, spaced in pairs or not, any case', () => {
    for (const nino of ['AB123456C', 'AB 12 34 56 C', 'ab 12 34 56 c', 'JG103759A', 'OA 00 00 00 D', 'AB 123456 D']) {
      expect(isValidNationalInsuranceNumber(nino)).toBe(true);
    }
  });

  test('first letter D, F, I, Q, U or V is never issued', () => {
    for (const first of 'DFIQUV') expect(isValidNationalInsuranceNumber(`${first}A123456C`)).toBe(false);
  });

  test('second letter D, F, I, O, Q, U or V is never issued', () => {
    for (const second of 'DFIOQUV') expect(isValidNationalInsuranceNumber(`A${second}123456C`)).toBe(false);
  });

  test('the prefixes BG, GB, KN, NK, NT, TN and ZZ are never issued', () => {
    for (const prefix of ['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'])
      expect(isValidNationalInsuranceNumber(`${prefix}123456A`)).toBe(false);
    expect(isValidNationalInsuranceNumber('QQ123456C')).toBe(false); // HMRC's own example
  });

  test('the suffix must be A, B, C or D, and present', () => {
    expect(isValidNationalInsuranceNumber('AB123456E')).toBe(false);
    expect(isValidNationalInsuranceNumber('AB123456')).toBe(false);
    expect(isValidNationalInsuranceNumber('AB12345C')).toBe(false);
  });

  test('found in text with positions, not inside longer codes', () => {
    const text = 'NINO: AB 12 34 56 C; ref XAB123456C; AB123456CD; GB123456A; ab123456c.';
    expect(found(text)).toEqual(['AB 12 34 56 C', 'ab123456c']);
    expect(findNationalInsuranceNumbers('NI AB123456C')).toEqual([{ index: 3, length: 9 }]);
  });

  test('a following word is not taken as the suffix', () => {
    expect(found('Order AB123456 dispatched; AB123456 Dear')).toEqual([]);
  });
});
