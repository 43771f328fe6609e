/** Default avatars: a symmetric 5×5 SVG identicon derived from the account name (Misskey clients expect avatarUrl never to be null). */
import { createHash } from 'node:crypto';

export function identiconSvg(seed: string): string {
  const hash = createHash('sha256').update(seed).digest();
  const hue = Math.round((hash[0]! / 255) * 360);
  const color = `hsl(${hue},55%,55%)`;
  let cells = '';
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 3; x++) {
      if ((hash[1 + y * 3 + x]! & 1) === 0) continue;
      cells += `<rect x="${x * 10 + 5}" y="${y * 10 + 5}" width="10" height="10"/>`;
      if (x < 2) cells += `<rect x="${(4 - x) * 10 + 5}" y="${y * 10 + 5}" width="10" height="10"/>`;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 60"><rect width="60" height="60" fill="#eee"/><g fill="${color}">${cells}</g></svg>`;
}
