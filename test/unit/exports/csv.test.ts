/**
 * CSV cells a spreadsheet could run as a formula are neutralised with a leading apostrophe
 * (OWASP CSV injection), including the forms a plain "starts with = + - @" test misses.
 */
import { csvCell, csvRow } from '../../../src/app/reports/csv.js';

describe('CSV formula guard (security review section 4)', () => {
  test.each([
    ['=1+1', "'=1+1"],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    [' =HYPERLINK("http://x")', `"' =HYPERLINK(""http://x"")"`],
    ['\u00a0=1+1', "'\u00a0=1+1"],
    ['\u3000 +1', "'\u3000 +1"],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
    ['\tanything', "'\tanything"],
    ['\rx', `"'\rx"`],
    ['\n=1', `"'\n=1"`],
  ])('%j is neutralised', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  test.each(['Pat agreed', ' leading space only', 'a=b', 'x-1', 'DUR-9', '', '12'])(
    '%j is left as it is (quoted only where RFC 4180 needs it)',
    (input) => {
      expect(csvCell(input)).toBe(input);
    },
  );

  test('quotes, commas and line breaks are quoted as RFC 4180 says', () => {
    expect(csvRow(['a,b', 'say "hi"', 'two\nlines'])).toBe('"a,b","say ""hi""","two\nlines"\r\n');
  });
});
