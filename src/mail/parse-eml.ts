/**
 * A minimal RFC 5322 / MIME reader for .eml files, enough for the on-send check to see an email
 * the way Outlook would hand it over: addresses, subject, the text body and attachment names.
 *
 * Headers: folding, RFC 2047 encoded-words (=?utf-8?B?…?= and =?…?Q?…?=), raw UTF-8 (RFC 6532).
 * Bodies: multipart/* at any depth, base64 and quoted-printable, charsets via TextDecoder;
 * text/plain is preferred to text/html within multipart/alternative, and HTML is turned into text.
 * Attachment names: Content-Disposition filename or Content-Type name, RFC 2231 (filename*=,
 * filename*0*=) included.
 *
 * The raw message is held as a "binary string" (one character per byte, latin1) until a part's
 * charset is known; only then are bytes decoded to text.
 */
import { Buffer } from 'node:buffer';
import type { OutgoingMessage } from '../domain/detection/detect-sharing.js';
import { htmlToText } from '../domain/detection/html-to-text.js';

/** Multipart nesting deeper than this is not read further (real mail nests three or four deep). */
const MAX_DEPTH = 32;

export function parseEml(raw: Uint8Array | string): OutgoingMessage {
  const binary =
    typeof raw === 'string' ? Buffer.from(raw, 'utf8').toString('latin1') : Buffer.from(raw).toString('latin1');
  const root = parseEntity(binary);
  const body = new BodyCollector();
  walk(root, body, 0);
  const addresses = (name: string) => root.headers.all(name).flatMap((v) => parseAddressList(headerText(v)));
  return {
    from: addresses('from')[0] ?? addresses('sender')[0] ?? '',
    to: addresses('to'),
    cc: addresses('cc'),
    bcc: addresses('bcc'),
    subject: decodeEncodedWords(headerText(root.headers.first('subject') ?? '')).trim(),
    bodyText: body.text(),
    attachmentNames: body.attachments,
  };
}

// ---------------------------------------------------------------------------------------------
// Entities and headers

class Headers {
  private readonly values = new Map<string, string[]>();

  add(name: string, value: string): void {
    const key = name.trim().toLowerCase();
    const list = this.values.get(key);
    if (list)
      list.push(value); // not a copy per header: a message with thousands of "To:" lines stays linear
    else this.values.set(key, [value]);
  }

  first(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }
}

interface Entity {
  readonly headers: Headers;
  /** Still transfer-encoded, as a binary string. */
  readonly body: string;
}

function parseEntity(binary: string): Entity {
  const blank = /\r?\n\r?\n/.exec(binary);
  const startsBlank = /^\r?\n/.exec(binary);
  const headerBlock = startsBlank ? '' : blank ? binary.slice(0, blank.index) : binary;
  const body = startsBlank
    ? binary.slice(startsBlank[0].length)
    : blank
      ? binary.slice(blank.index + blank[0].length)
      : '';
  const headers = new Headers();
  let current: { name: string; value: string } | undefined;
  for (const line of headerBlock.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && current) {
      current.value += line; // unfolding: the line break goes, the white space stays
      continue;
    }
    if (current) headers.add(current.name, current.value);
    const colon = line.indexOf(':');
    current = colon > 0 ? { name: line.slice(0, colon), value: line.slice(colon + 1).trim() } : undefined; // "From sender date" mbox lines have no colon in the name
  }
  if (current) headers.add(current.name, current.value);
  return { headers, body };
}

/** A header value as text: raw UTF-8 bytes decoded (RFC 6532) when they form valid UTF-8, else latin1. */
function headerText(binary: string): string {
  if (!/[\x80-\xff]/.test(binary)) return binary;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(binary, 'latin1'));
  } catch {
    return binary;
  }
}

// ---------------------------------------------------------------------------------------------
// RFC 2047 encoded-words

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

export function decodeEncodedWords(value: string): string {
  let out = '';
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | undefined;
  const flush = () => {
    if (pending) out += decodeBytes(Buffer.concat(pending.bytes), pending.charset);
    pending = undefined;
  };
  for (const m of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(last, m.index);
    // White space between two encoded-words is not part of the text (RFC 2047 section 6.2).
    if (!(pending && /^\s*$/.test(between))) {
      flush();
      out += between;
    }
    const charset = (m[1] ?? '').split('*')[0] ?? ''; // "utf-8*en": RFC 2231 language tag
    const text = m[3] ?? '';
    const bytes = (m[2] ?? '').toUpperCase() === 'B' ? Buffer.from(text, 'base64') : qBytes(text);
    // Adjacent words in one charset are joined as bytes: a multi-byte character may be split between them.
    if (pending && pending.charset.toLowerCase() === charset.toLowerCase()) pending.bytes.push(bytes);
    else {
      flush();
      pending = { charset, bytes: [bytes] };
    }
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}

function qBytes(text: string): Buffer {
  return quotedPrintableBytes(text.replace(/_/g, ' '));
}

// ---------------------------------------------------------------------------------------------
// Structured header values: Content-Type, Content-Disposition

interface StructuredValue {
  /** Lower-cased: "multipart/mixed", "attachment". */
  readonly value: string;
  /** Lower-cased names; RFC 2231 continuations and charsets resolved. */
  readonly params: ReadonlyMap<string, string>;
}

function parseStructured(header: string | undefined): StructuredValue {
  const segments = splitOutsideQuotes(headerText(header ?? ''), ';');
  const value = (segments[0] ?? '').trim().toLowerCase();
  const plain = new Map<string, string>();
  const pieces = new Map<string, { index: number; encoded: boolean; text: string }[]>();
  for (const segment of segments.slice(1)) {
    const eq = segment.indexOf('=');
    if (eq < 0) continue;
    const rawName = segment.slice(0, eq).trim().toLowerCase();
    const text = unquote(segment.slice(eq + 1).trim());
    // RFC 2231: name*=charset'lang'%xx, name*0=…, name*1*=…
    const star = /^([^*]+)\*(?:(\d+)(\*)?|)$/.exec(rawName);
    const ext = /^([^*]+)\*$/.exec(rawName);
    if (ext) pieces.set(ext[1] ?? '', [{ index: 0, encoded: true, text }]);
    else if (star && star[2] !== undefined) {
      const name = star[1] ?? '';
      const list = pieces.get(name);
      const piece = { index: Number(star[2]), encoded: star[3] === '*', text };
      if (list) list.push(piece);
      else pieces.set(name, [piece]);
    } else plain.set(rawName, decodeEncodedWords(text)); // Outlook puts encoded-words inside quoted names
  }
  const params = new Map(plain);
  for (const [name, parts] of pieces) params.set(name, joinRfc2231(parts));
  return { value, params };
}

function joinRfc2231(parts: { index: number; encoded: boolean; text: string }[]): string {
  const sorted = [...parts].sort((a, b) => a.index - b.index);
  let charset = 'utf-8';
  const bytes: Buffer[] = [];
  sorted.forEach((part, i) => {
    let text = part.text;
    if (i === 0 && part.encoded) {
      const m = /^([^']*)'[^']*'(.*)$/s.exec(text);
      if (m) {
        charset = m[1] || 'us-ascii';
        text = m[2] ?? '';
      }
    }
    bytes.push(part.encoded ? percentBytes(text) : Buffer.from(text, 'latin1'));
  });
  return decodeBytes(Buffer.concat(bytes), charset);
}

function percentBytes(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const hex = text[i] === '%' ? /^[0-9A-Fa-f]{2}$/.exec(text.slice(i + 1, i + 3)) : null;
    if (hex) {
      out.push(parseInt(hex[0], 16));
      i += 2;
    } else out.push(text.charCodeAt(i) & 0xff);
  }
  return Buffer.from(out);
}

function splitOutsideQuotes(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i] ?? '';
    if (quoted && c === '\\') {
      current += c + (value[i + 1] ?? '');
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') && value.length >= 2
    ? value.slice(1, -1).replace(/\\(.)/g, '$1')
    : value;
}

// ---------------------------------------------------------------------------------------------
// Addresses

/**
 * `Jane Smith <jane@x.org>, "Smith, J" <j@y.org>, Team: a@z.org, b@z.org;` → bare addresses.
 * Display names and comments are dropped; a group's name is dropped and its members kept.
 */
export function parseAddressList(value: string): string[] {
  const out: string[] = [];
  let text = '';
  let angle: string | undefined;
  let inAngle = false;
  let quoted = false;
  let comment = 0;
  const flush = () => {
    const address = (angle ?? text).trim();
    if (address !== '') out.push(address);
    text = '';
    angle = undefined;
  };
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i] ?? '';
    if (quoted) {
      if (c === '\\') i += 1;
      else if (c === '"') quoted = false;
      text += c === '\\' ? (value[i] ?? '') : c === '"' ? '' : c;
      continue;
    }
    if (comment > 0) {
      if (c === '\\') i += 1;
      else if (c === '(') comment += 1;
      else if (c === ')') comment -= 1;
      continue;
    }
    if (inAngle) {
      if (c === '>') inAngle = false;
      else angle = (angle ?? '') + c;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '(') comment = 1;
    else if (c === '<') {
      inAngle = true;
      angle = '';
    } else if (c === ',' || c === ';') flush();
    else if (c === ':')
      text = ''; // "Team: a@z.org, …": the group's name is not an address
    else text += c;
  }
  flush();
  return out.map((a) => a.replace(/^[^:]*:/, '').trim()).filter((a) => a !== ''); // drop obsolete source routes "@a,@b:x@y"
}

// ---------------------------------------------------------------------------------------------
// Bodies

class BodyCollector {
  readonly chunks: string[] = [];
  readonly attachments: string[] = [];
  hasPlain = false;

  text(): string {
    return this.chunks.filter((c) => c.trim() !== '').join('\n\n');
  }

  absorb(other: BodyCollector): void {
    this.chunks.push(...other.chunks);
    this.attachments.push(...other.attachments);
    this.hasPlain ||= other.hasPlain;
  }
}

function walk(entity: Entity, out: BodyCollector, depth: number): void {
  const type = parseStructured(entity.headers.first('content-type') ?? 'text/plain');
  const disposition = parseStructured(entity.headers.first('content-disposition'));
  const filename = disposition.params.get('filename') ?? type.params.get('name');
  const mediaType = type.value === '' ? 'text/plain' : type.value;

  if (mediaType.startsWith('multipart/')) {
    const boundary = type.params.get('boundary');
    if (boundary === undefined || boundary === '' || depth >= MAX_DEPTH) return;
    const children = splitMultipart(entity.body, boundary).map(parseEntity);
    if (mediaType === 'multipart/alternative') {
      // The same content several ways: the plain-text version, else the first with any text.
      const versions = children.map((child) => {
        const c = new BodyCollector();
        walk(child, c, depth + 1);
        return c;
      });
      const chosen = versions.find((v) => v.hasPlain) ?? versions.find((v) => v.chunks.length > 0) ?? versions[0];
      if (chosen) out.absorb(chosen);
      return;
    }
    for (const child of children) walk(child, out, depth + 1);
    return;
  }

  if (mediaType === 'message/rfc822') {
    // An attached email: Outlook lists it under its subject.
    const inner = parseEntity(transferDecode(entity).toString('latin1'));
    const subject = decodeEncodedWords(headerText(inner.headers.first('subject') ?? '')).trim();
    out.attachments.push(filename ?? `${subject === '' ? 'message' : subject}.eml`);
    return;
  }

  if (disposition.value === 'attachment' || filename !== undefined) {
    if (filename !== undefined && filename.trim() !== '') out.attachments.push(filename.trim());
    return;
  }

  if (mediaType === 'text/plain' || mediaType === 'text/html') {
    const text = decodeBytes(transferDecode(entity), type.params.get('charset') ?? 'utf-8').replace(/\r\n?/g, '\n');
    if (mediaType === 'text/plain') {
      out.chunks.push(text);
      out.hasPlain = true;
    } else out.chunks.push(htmlToText(text));
  }
  // Anything else inline and unnamed (a calendar invitation, a signature image) carries no text to check.
}

function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | undefined; // undefined: in the preamble or after the closing delimiter
  for (const line of body.split(/\r?\n/)) {
    if (line.startsWith(delimiter)) {
      const rest = line.slice(delimiter.length).trimEnd();
      if (rest === '' || rest === '--') {
        if (current) parts.push(current.join('\n'));
        current = rest === '' ? [] : undefined;
        if (rest === '--') break;
        continue;
      }
    }
    current?.push(line);
  }
  if (current) parts.push(current.join('\n')); // no closing delimiter: keep what there is
  return parts;
}

function transferDecode(entity: Entity): Buffer {
  const encoding = (entity.headers.first('content-transfer-encoding') ?? '').trim().toLowerCase();
  if (encoding === 'base64') return Buffer.from(entity.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable')
    return quotedPrintableBytes(withoutTrailingBlanks(entity.body).replace(/=\r?\n/g, ''));
  return Buffer.from(entity.body, 'latin1');
}

/**
 * Quoted-printable: spaces and tabs at the end of a line are not part of the text (RFC 2045 6.7).
 * Line by line rather than /[ \t]+(?=\r?\n)/g, which is quadratic on a long run of spaces.
 */
function withoutTrailingBlanks(body: string): string {
  const lines = body.split('\n');
  for (let i = 0; i < lines.length - 1; i += 1) {
    const line = lines[i] ?? '';
    const cr = line.endsWith('\r') ? 1 : 0;
    let end = line.length - cr;
    while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end -= 1;
    if (end < line.length - cr) lines[i] = line.slice(0, end) + (cr ? '\r' : '');
  }
  return lines.join('\n');
}

function quotedPrintableBytes(text: string): Buffer {
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 61 /* = */ && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out[n] = parseInt(text.slice(i + 1, i + 3), 16);
      i += 2;
    } else out[n] = c & 0xff;
    n += 1;
  }
  return out.subarray(0, n);
}

/** Bytes in a named charset; an unknown charset is read as UTF-8 rather than refused. */
function decodeBytes(bytes: Uint8Array, charset: string): string {
  const label = charset.trim().replace(/^"|"$/g, '').toLowerCase();
  try {
    return new TextDecoder(label === 'us-ascii' || label === 'ascii' ? 'utf-8' : label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
