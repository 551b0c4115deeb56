#!/usr/bin/env node
// Writes build/icon.png (512x512), the icon electron-builder turns into the .ico, .icns and Linux
// icons: the same drawing as build/icon.svg (a dark tile, a blue shield, a white check), rasterized
// here with plain Node so no image tool is needed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const TILE = [0x16, 0x21, 0x3a];
const SHIELD = [0x1f, 0x5f, 0xbf];
const CHECK = [0xff, 0xff, 0xff];

function insideTile(x, y) {
  const r = 96;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function insideShield(x, y) {
  if (y < 88 || y > 424) return false;
  const top = 88 + (Math.abs(x - 256) / 136) * 56; // the shield's peaked top edge
  if (y < top || x < 120 || x > 392) return false;
  if (y <= 240) return true;
  const t = (y - 240) / 184; // the sides curve in to the point at the bottom
  return Math.abs(x - 256) <= 136 * Math.sqrt(Math.max(0, 1 - t * t));
}

function nearSegment(x, y, [ax, ay], [bx, by], width) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (width / 2) ** 2;
}

function pixel(x, y) {
  if (!insideTile(x, y)) return [0, 0, 0, 0];
  if (
    nearSegment(x, y, [196, 260], [240, 304], 36) ||
    nearSegment(x, y, [240, 304], [324, 212], 36)
  )
    return [...CHECK, 255];
  if (insideShield(x, y)) return [...SHIELD, 255];
  return [...TILE, 255];
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) raw.set(pixel(x + 0.5, y + 0.5), y * (SIZE * 4 + 1) + 1 + x * 4);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
