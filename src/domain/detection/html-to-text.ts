/**
 * HTML email bodies to plain text for scanning, without a DOM (the on-send handler's runtime
 * may have none). One pass with `indexOf`, so it is linear however broken the HTML: tags are
 * dropped, blocks become line breaks, script and style are dropped with their content, and
 * entities are decoded. Good enough to find identifiers; not a renderer.
 */

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'br',
  'tr',
  'li',
  'ul',
  'ol',
  'table',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'hr',
  'section',
  'article',
  'header',
  'footer',
  'title',
]);
const CELL_TAGS = new Set(['td', 'th']);
const SKIP_CONTENT = new Set(['script', 'style', 'head', 'noscript', 'template']);

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '\u2013',
  mdash: '\u2014',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  hellip: '\u2026',
  pound: '\u00a3',
  euro: '\u20ac',
  copy: '\u00a9',
  reg: '\u00ae',
  middot: '\u00b7',
  bull: '\u2022',
  shy: '',
};

export function htmlToText(html: string): string {
  let out = '';
  let i = 0;
  // Searches that would otherwise repeat are remembered, so "a < b < c …" or many unclosed
  // <script> tags stay linear: the first '>' after the last search, the first "</script" and so on.
  let gt = -1;
  // Per skipped element name: where its next closing tag starts, and the '>' that ends it (-1: none).
  const closeTags = new Map<string, { start: number; end: number }>();
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (gt <= lt) gt = html.indexOf('>', lt + 1);
    if (gt < 0) {
      out += html.slice(lt); // a lone "<" in text, with no tag after it
      break;
    }
    const name = /^<\/?([a-zA-Z][a-zA-Z0-9]*)/.exec(html.slice(lt, Math.min(gt + 1, lt + 40)))?.[1]?.toLowerCase();
    if (name === undefined) {
      out += '<'; // "a < b": not a tag
      i = lt + 1;
      continue;
    }
    const closing = html[lt + 1] === '/';
    if (!closing && SKIP_CONTENT.has(name)) {
      let close = closeTags.get(name);
      if (close === undefined || (close.start >= 0 && close.start <= gt)) {
        const search = new RegExp(`</${name}`, 'gi');
        search.lastIndex = gt + 1;
        const start = search.exec(html)?.index ?? -1;
        // Remembered with the search: "<script>" a thousand times before one "</script" with no '>' is still one scan.
        close = { start, end: start < 0 ? -1 : html.indexOf('>', start) };
        closeTags.set(name, close);
      }
      if (close.end >= 0) {
        i = close.end + 1;
        continue;
      }
      // Never closed: drop only the tag, so a malformed email does not hide its body from the check.
    }
    if (BLOCK_TAGS.has(name)) out += '\n';
    else if (CELL_TAGS.has(name) && !closing) out += '\t';
    i = gt + 1;
  }
  // Line by line rather than /[ \t]+\n/, which is quadratic on a long run of spaces.
  return decodeEntities(out)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (entity, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}
