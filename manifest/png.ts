/**
 * The app's icons, drawn in code (a shield) and encoded as PNG with node:zlib, so the package
 * and the ribbon icons need no binary files in the repository.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA PNG of `size`×`size` whose pixels `paint(x, y)` returns (0–1 coordinates). */
export function png(size: number, paint: (x: number, y: number) => readonly [number, number, number, number]): Buffer {
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x += 1) {
      const [r, g, b, a] = paint((x + 0.5) / size, (y + 0.5) / size);
      rows.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Inside a shield: flat top, straight sides, tapering to a point at the bottom. */
function inShield(x: number, y: number, margin: number): boolean {
  const top = 0.12 + margin;
  const waist = 0.55;
  const halfWidth = 0.36 - margin;
  if (y < top || y > 0.9 - margin) return false;
  const width = y < waist ? halfWidth : halfWidth * (1 - (y - waist) / (0.9 - margin - waist));
  return Math.abs(x - 0.5) <= width;
}

const BRAND: readonly [number, number, number, number] = [0x0f, 0x6c, 0xbd, 255];
const WHITE: readonly [number, number, number, number] = [255, 255, 255, 255];
const CLEAR: readonly [number, number, number, number] = [0, 0, 0, 0];

/** 192×192 full colour: a white shield on the brand blue. */
export const colorIcon = (size = 192) => png(size, (x, y) => (inShield(x, y, 0) ? WHITE : BRAND));
/** 32×32 outline: a white shield outline on transparent (Teams' outline icon rules). */
export const outlineIcon = (size = 32) =>
  png(size, (x, y) => (inShield(x, y, 0) && !inShield(x, y, 0.08) ? WHITE : CLEAR));
/** Ribbon icons: a blue shield on transparent. */
export const ribbonIcon = (size: number) => png(size, (x, y) => (inShield(x, y, 0) ? BRAND : CLEAR));
