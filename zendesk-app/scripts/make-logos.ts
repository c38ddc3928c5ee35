// Draws the app's Marketplace logos (PLATFORMS.md §1.1): assets/logo.png 320×320, square corners, and
// assets/logo-small.png 128×128 on a transparent background. Run: npx tsx zendesk-app/scripts/make-logos.ts
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { encodePng, type Rgba } from './png.ts';

type Color = [number, number, number];
const INK: Color = [43, 58, 103];
const PAPER: Color = [255, 255, 255];
const ACCENT: Color = [242, 166, 90];

/** The mark in a unit square: three sorted bars with a marker each, the top one highlighted. */
function shapeAt(x: number, y: number): 'marker' | 'top' | 'bar' | null {
  const rows = [0.3, 0.5, 0.7];
  const lengths = [0.5, 0.38, 0.26];
  for (let i = 0; i < rows.length; i++) {
    const cy = rows[i] ?? 0;
    if ((x - 0.24) ** 2 + (y - cy) ** 2 <= 0.055 ** 2) return i === 0 ? 'top' : 'marker';
    if (Math.abs(y - cy) <= 0.04 && x >= 0.34 && x <= 0.34 + (lengths[i] ?? 0)) return 'bar';
  }
  return null;
}

/** Renders at 4×4 samples per pixel, so edges are smooth. */
function draw(size: number, background: Color | null, mark: Color): Rgba {
  const data = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const shape = shapeAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          const color = shape === 'top' ? ACCENT : shape ? mark : background;
          if (color) {
            r += color[0];
            g += color[1];
            b += color[2];
            a += 1;
          }
        }
      }
      const n = samples * samples;
      const i = (py * size + px) * 4;
      data[i] = a ? Math.round(r / a) : 0;
      data[i + 1] = a ? Math.round(g / a) : 0;
      data[i + 2] = a ? Math.round(b / a) : 0;
      data[i + 3] = Math.round((a / n) * 255);
    }
  }
  return { width: size, height: size, data };
}

const assets = fileURLToPath(new URL('../src/assets/', import.meta.url));
await writeFile(`${assets}logo.png`, encodePng(draw(320, INK, PAPER)));
await writeFile(`${assets}logo-small.png`, encodePng(draw(128, null, INK)));
process.stdout.write('wrote src/assets/logo.png (320×320) and src/assets/logo-small.png (128×128)\n');
