/**
 * Flock's blurhash encoder gives the same strings as the `blurhash` package's reference encoder, on
 * random images of the sizes the drive uses (fitted into 64×64) and on flat and extreme ones.
 */
import { encode } from 'blurhash';
import t from 'tap';
import { encodeBlurhash } from '../src/media/blurhash-encode.js';

function image(width: number, height: number, pixel: (i: number) => number): Uint8ClampedArray {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = pixel(i);
  return data;
}

let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % 256;
};

t.test('matches the reference encoder', async (t) => {
  const cases: [number, number, Uint8ClampedArray][] = [
    [64, 64, image(64, 64, random)],
    [64, 48, image(64, 48, random)],
    [17, 64, image(17, 64, random)],
    [1, 1, image(1, 1, random)],
    [8, 8, image(8, 8, () => 0)],
    [8, 8, image(8, 8, () => 255)],
    [32, 32, image(32, 32, (i) => (i % 8 < 4 ? 255 : 0))],
  ];
  for (const [width, height, pixels] of cases)
    for (const [cx, cy] of [
      [5, 5],
      [1, 1],
      [4, 3],
      [9, 9],
    ] as const)
      t.equal(
        encodeBlurhash(pixels, width, height, cx, cy),
        encode(pixels, width, height, cx, cy),
        `${width}×${height}, ${cx}×${cy}`,
      );
});

t.test('refuses what the reference refuses', async (t) => {
  t.throws(() => encodeBlurhash(new Uint8ClampedArray(16), 2, 2, 0, 5));
  t.throws(() => encodeBlurhash(new Uint8ClampedArray(15), 2, 2, 5, 5));
});
