import { htmlToText } from '../../../src/domain/detection/html-to-text.js';

describe('htmlToText', () => {
  test('tags are dropped, blocks become lines, cells are separated', () => {
    expect(
      htmlToText(
        '<div>Dear colleague,</div><p>NHS <b>943 476 5919</b><br>Thanks</p><table><tr><td>DOB</td><td>01/02/1960</td></tr></table>',
      ),
    ).toBe('Dear colleague,\n\nNHS 943 476 5919\nThanks\n\n\tDOB\t01/02/1960');
  });

  test('script, style, head and comments are dropped with their content', () => {
    expect(
      htmlToText(
        '<html><head><title>x</title><style>p{color:red}</style></head><body><!-- AB123456C --><script>var a = "<p>";</script>Hello</body></html>',
      ),
    ).toBe('Hello');
  });

  test('entities are decoded', () => {
    expect(htmlToText('Ms&nbsp;Example &amp; Co &lt;3&gt; &#163;5 &#x20AC;6 &pound;7 &unknown;')).toBe(
      'Ms\u00a0Example & Co <3> £5 €6 £7 &unknown;',
    );
  });

  test('a stray "<" is text, and an unclosed <style> does not hide the body', () => {
    expect(htmlToText('if a < b then')).toBe('if a < b then');
    expect(htmlToText('<style>p{}<p>NHS 943 476 5919')).toContain('NHS 943 476 5919');
  });

  test('hostile input is converted (a backtracking pattern would time the test out)', () => {
    for (const html of [
      'a < '.repeat(25_000),
      '<script>'.repeat(12_000),
      `<p>${' '.repeat(100_000)}x`,
      '<!--'.repeat(25_000),
    ]) {
      expect(typeof htmlToText(html)).toBe('string');
    }
    expect(htmlToText(`<p>${' '.repeat(100_000)}x`).trim()).toBe('x');
  });
});
