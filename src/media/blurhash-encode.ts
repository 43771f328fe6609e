/**
 * A blurhash encoder producing the same strings as the `blurhash` package's `encode`, computed in the
 * same order of floating-point operations, but with each pixel's linear colour and each cosine worked
 * out once rather than once per component: the package's encoder spent ≈ 20 ms per 64×64 image here
 * (a whole core while uploads run), this one well under a millisecond.
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';

function base83(value: number, length: number): string {
  let out = '';
  for (let i = 1; i <= length; i++) out += DIGITS[Math.floor(value / 83 ** (length - i)) % 83];
  return out;
}

const SRGB_TO_LINEAR = Float64Array.from({ length: 256 }, (_, value) => {
  const v = value / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
});

function linearToSrgb(value: number): number {
  const v = Math.max(0, Math.min(1, value));
  return v <= 0.0031308 ? Math.trunc(v * 12.92 * 255 + 0.5) : Math.trunc((1.055 * v ** (1 / 2.4) - 0.055) * 255 + 0.5);
}

const signPow = (value: number, exp: number) => (value < 0 ? -1 : 1) * Math.abs(value) ** exp;

/** cos(π·component·pixel/size) for every component and pixel, component-major. */
function cosines(components: number, size: number): Float64Array {
  const table = new Float64Array(components * size);
  for (let c = 0; c < components; c++)
    for (let p = 0; p < size; p++) table[c * size + p] = Math.cos((Math.PI * c * p) / size);
  return table;
}

/** The blurhash of RGBA pixels (`width`×`height`, 4 bytes each) with `componentsX`×`componentsY` components (1–9 each). */
export function encodeBlurhash(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  componentsX: number,
  componentsY: number,
): string {
  if (componentsX < 1 || componentsX > 9 || componentsY < 1 || componentsY > 9)
    throw new Error(`Expected 1–9 blurhash components a side, got ${componentsX}×${componentsY}`);
  if (width * height * 4 !== pixels.length)
    throw new Error(`Expected ${width * height * 4} bytes of RGBA pixels, got ${pixels.length}`);
  const count = width * height;
  const linear = new Float64Array(count * 3);
  for (let p = 0; p < count; p++) {
    linear[p * 3] = SRGB_TO_LINEAR[pixels[p * 4]!]!;
    linear[p * 3 + 1] = SRGB_TO_LINEAR[pixels[p * 4 + 1]!]!;
    linear[p * 3 + 2] = SRGB_TO_LINEAR[pixels[p * 4 + 2]!]!;
  }
  const cosX = cosines(componentsX, width);
  const cosY = cosines(componentsY, height);
  const scale = 1 / count;
  const factors: [number, number, number][] = [];
  for (let cy = 0; cy < componentsY; cy++) {
    for (let cx = 0; cx < componentsX; cx++) {
      const normalisation = cx === 0 && cy === 0 ? 1 : 2;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let x = 0; x < width; x++) {
        const cosAtX = normalisation * cosX[cx * width + x]!;
        for (let y = 0; y < height; y++) {
          const basis = cosAtX * cosY[cy * height + y]!;
          const p = (x + y * width) * 3;
          r += basis * linear[p]!;
          g += basis * linear[p + 1]!;
          b += basis * linear[p + 2]!;
        }
      }
      factors.push([r * scale, g * scale, b * scale]);
    }
  }
  const [dc, ...ac] = factors as [[number, number, number], ...[number, number, number][]];
  let hash = base83(componentsX - 1 + (componentsY - 1) * 9, 1);
  let maximum = 1;
  if (ac.length > 0) {
    // the largest component value, not magnitude, as the reference encoder has it
    const actualMaximum = Math.max(...ac.map((f) => Math.max(...f)));
    const quantised = Math.floor(Math.max(0, Math.min(82, Math.floor(actualMaximum * 166 - 0.5))));
    maximum = (quantised + 1) / 166;
    hash += base83(quantised, 1);
  } else hash += base83(0, 1);
  hash += base83((linearToSrgb(dc[0]) << 16) + (linearToSrgb(dc[1]) << 8) + linearToSrgb(dc[2]), 4);
  const quantise = (v: number) =>
    Math.floor(Math.max(0, Math.min(18, Math.floor(signPow(v / maximum, 0.5) * 9 + 9.5))));
  for (const [r, g, b] of ac) hash += base83(quantise(r) * 19 * 19 + quantise(g) * 19 + quantise(b), 2);
  return hash;
}
