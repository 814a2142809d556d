// Files for upload tests, made here so no binary sits in the repository.
import { deflateSync } from "node:zlib";

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A PNG of a little landscape (sky, sun, hills), `width`×`height`, with a hue shift so pictures differ. */
export function landscapePng(width, height, hue = 0) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const sunX = width * 0.7, sunY = height * 0.35, sunR = Math.min(width, height) * 0.12;
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      const t = y / height;
      let r = 90 + 120 * t, g = 150 + 70 * t, b = 235 - 30 * t;
      const hill = height * (0.68 + 0.08 * Math.sin((x / width) * 6.3 + hue));
      const hill2 = height * (0.8 + 0.05 * Math.sin((x / width) * 9 + 1 + hue));
      if ((x - sunX) ** 2 + (y - sunY) ** 2 < sunR ** 2) [r, g, b] = [255, 214, 102];
      if (y > hill) [r, g, b] = [70 + hue * 20, 150, 90];
      if (y > hill2) [r, g, b] = [40 + hue * 20, 110, 70];
      const i = row + 1 + x * 3;
      raw[i] = Math.min(255, r); raw[i + 1] = Math.min(255, g); raw[i + 2] = Math.min(255, b);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A portrait-like picture for avatars: a face-ish circle on a coloured ground. */
export function portraitPng(size = 400) {
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    const row = y * (size * 3 + 1);
    for (let x = 0; x < size; x++) {
      let [r, g, b] = [245, 170, 80];
      const dx = x - size / 2, dy = y - size * 0.42;
      if (dx * dx + dy * dy < (size * 0.22) ** 2) [r, g, b] = [250, 224, 196];
      if (y > size * 0.7 && Math.abs(dx) < size * 0.35 - (y - size * 0.7) * -0.3) [r, g, b] = [60, 90, 200];
      const i = row + 1 + x * 3;
      raw[i] = r; raw[i + 1] = g; raw[i + 2] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A WAV (16-bit PCM, mono, 48 kHz) of a steady tone, for Chromium's fake microphone (a steady audio level). */
export function toneWav(seconds = 2, freq = 440) {
  const rate = 48000, n = rate * seconds;
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * 0.5 * 32767), i * 2);
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVEfmt ", 8, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
