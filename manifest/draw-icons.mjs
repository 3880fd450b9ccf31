// Draws the Teams app icons: color.png (192×192, full colour) and outline.png (32×32, white on transparent).
// Deterministic: the same code writes the same bytes, so the committed PNGs can be checked against it.
import { deflateSync } from "node:zlib";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));

// Signed distances (negative inside) of the shapes the icons are made of.
const roundedBox = (x, y, cx, cy, hw, hh, r) => {
  const qx = Math.abs(x - cx) - hw + r, qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const segment = (x, y, ax, ay, bx, by) => {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - t * dx, py - t * dy);
};
const triangle = (x, y, [a, b, c]) => {
  const side = (p, q) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const inside = [side(a, b), side(b, c), side(c, a)];
  const edge = Math.min(segment(x, y, ...a, ...b), segment(x, y, ...b, ...c), segment(x, y, ...c, ...a));
  return inside.every(s => s >= 0) || inside.every(s => s <= 0) ? -edge : edge;
};
// A chat bubble in a unit square: a rounded body with a tail at the bottom left.
const bubble = (u, v) => Math.min(
  roundedBox(u, v, 0.5, 0.44, 0.36, 0.26, 0.12),
  triangle(u, v, [[0.24, 0.62], [0.40, 0.66], [0.20, 0.84]]));
const tick = (u, v) => Math.min(segment(u, v, 0.34, 0.45, 0.46, 0.56), segment(u, v, 0.46, 0.56, 0.68, 0.33));

const coverage = (distance, pixel) => Math.max(0, Math.min(1, 0.5 - distance / pixel));

function png(size, shade) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = shade((x + 0.5) / size, (y + 0.5) / size, 1 / size);
      raw.set([r, g, b, Math.round(a * 255)], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4); length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const red = [199, 0, 11];
const white = [255, 255, 255];
const mix = (p, q, t) => p.map((c, i) => Math.round(c * (1 - t) + q[i] * t));

// Colour: a red tile, a white bubble, a red tick in the bubble.
const color = png(192, (u, v, px) => {
  const tile = coverage(roundedBox(u, v, 0.5, 0.5, 0.5, 0.5, 0.0), px);
  const body = coverage(bubble(u, v), px);
  const mark = coverage(tick(u, v) - 0.045, px) * body;
  return [...mix(mix(red, white, body), red, mark), tile];
});

// Outline: the bubble's edge and the tick in white, everything else transparent, as Teams requires.
const outline = png(32, (u, v, px) => {
  const edge = coverage(Math.abs(bubble(u, v)) - 0.035, px);
  const mark = coverage(tick(u, v) - 0.035, px);
  return [...white, Math.max(edge, mark)];
});

writeFileSync(path.join(here, "color.png"), color);
writeFileSync(path.join(here, "outline.png"), outline);
console.log("wrote color.png (192x192) and outline.png (32x32)");
