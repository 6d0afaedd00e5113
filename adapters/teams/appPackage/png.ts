import { crc32, deflateSync } from 'node:zlib';

/**
 * A minimal PNG encoder (8-bit RGBA, no interlace) so the app package's two icons are drawn by
 * code in the repository instead of binary blobs nobody can review. Teams wants a 192x192
 * full-colour icon and a 32x32 outline icon (white on transparent).
 */
export type Pixel = readonly [r: number, g: number, b: number, a: number];

export function encodePng(width: number, height: number, pixelAt: (x: number, y: number) => Pixel): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 4 + 1);
    raw[row] = 0; // filter type: none
    for (let x = 0; x < width; x += 1) raw.set(pixelAt(x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A note sheet with three text lines and a folded corner, in unit coordinates (0..1). */
function noteGlyph(u: number, v: number): boolean {
  const inSheet = u >= 0.22 && u <= 0.78 && v >= 0.16 && v <= 0.84;
  const folded = u > 0.62 && v < 0.32 && u - 0.62 > v - 0.16; // the top-right corner, cut on the diagonal
  if (!inSheet || folded) return false;
  const border = u < 0.27 || u > 0.73 || v < 0.21 || v > 0.79;
  const line = u > 0.33 && u < 0.67 && [0.4, 0.52, 0.64].some((y) => Math.abs(v - y) < 0.025);
  return border || line;
}

const BRAND: Pixel = [0x46, 0x47, 0xc1, 0xff]; // Teams-like indigo
const WHITE: Pixel = [0xff, 0xff, 0xff, 0xff];
const CLEAR: Pixel = [0, 0, 0, 0];

export const colorIcon = () => encodePng(192, 192, (x, y) => (noteGlyph((x + 0.5) / 192, (y + 0.5) / 192) ? WHITE : BRAND));
export const outlineIcon = () => encodePng(32, 32, (x, y) => (noteGlyph((x + 0.5) / 32, (y + 0.5) / 32) ? WHITE : CLEAR));
