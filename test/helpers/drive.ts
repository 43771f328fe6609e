/** Drive test helpers: images made with sharp, uploads through misskey-js or raw multipart, and what is on disk. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as Misskey from 'misskey-js';
import sharp from 'sharp';

/** A JPEG of `width`×`height` in one colour; `exif` adds an EXIF block (GPS-like metadata to strip). */
export function jpeg(width: number, height: number, colour = { r: 200, g: 30, b: 60 }, exif = false): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: colour } }).jpeg();
  return (
    exif ? image.withExif({ IFD0: { Copyright: 'secret place', ImageDescription: 'home at 51.5N 0.1W' } }) : image
  ).toBuffer();
}

/** A PNG of noise (incompressible), about `width`×`height`×3 bytes. */
export function noisePng(width: number, height: number, seed = 1): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let x = seed;
  for (let i = 0; i < pixels.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = x >> 16;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

/** Uploads through misskey-js (its multipart request, unchanged). */
export function upload(
  url: string,
  token: string,
  bytes: Uint8Array,
  params: Record<string, unknown> = {},
  type = 'application/octet-stream',
): Promise<any> {
  const client = new Misskey.api.APIClient({ origin: url, credential: token });
  return client.request('drive/files/create', {
    file: new Blob([bytes as Uint8Array<ArrayBuffer>], { type }),
    ...params,
  } as never);
}

/** A raw multipart upload; answers the status and parsed body. */
export async function rawUpload(
  url: string,
  token: string,
  bytes: Uint8Array,
  fields: Record<string, string> = {},
  filename = 'file.bin',
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('i', token);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), filename);
  const res = await fetch(url + '/api/drive/files/create', { method: 'POST', body: form });
  const text = await res.text();
  return { status: res.status, body: text.length > 0 ? JSON.parse(text) : null };
}

/** The stored files under <dataDir>/files (content-addressed), and what waits in its tmp folder. */
export function filesOnDisk(dataDir: string): { stored: string[]; temporary: string[] } {
  const root = join(dataDir, 'files');
  if (!existsSync(root)) return { stored: [], temporary: [] };
  const stored: string[] = [];
  for (const dir of readdirSync(root)) {
    if (dir === 'tmp') continue;
    for (const name of readdirSync(join(root, dir))) stored.push(name);
  }
  const temporary = existsSync(join(root, 'tmp')) ? readdirSync(join(root, 'tmp')) : [];
  return { stored: stored.sort(), temporary };
}

/** What is left in <dataDir>/files/tmp once it has emptied (a refused upload's file is removed just after the answer), or after 2 s. */
export async function temporaryAfterSettling(dataDir: string): Promise<string[]> {
  for (let waited = 0; waited < 2000; waited += 20) {
    if (filesOnDisk(dataDir).temporary.length === 0) return [];
    await new Promise((r) => setTimeout(r, 20));
  }
  return filesOnDisk(dataDir).temporary;
}
