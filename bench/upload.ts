/**
 * The upload scenario (`--only=upload`): drive/files/create throughput for 100 KB and 5 MB images (each
 * analysed, thumbnailed and stored; files/s and MB/s), and timeline reads measured alone and again while
 * uploads run, to check that image work stays off the gateway's event loop (target: reads keep ≥ 70 %
 * of their rate). Uploads go out from this process with fetch, `force` on, rotating over a few distinct
 * images per size, so every upload is decoded, resized and recorded.
 */
import sharp from 'sharp';

export interface UploadResult {
  label: string;
  bytesEach: number;
  concurrency: number;
  seconds: number;
  files: number;
  failed: number;
  filesPerSec: number;
  mbPerSec: number;
}

/** `count` distinct images of about `bytes` each: incompressible pixels, so the size is what it says. */
export async function benchImages(bytes: number, count: number): Promise<Buffer[]> {
  const side = Math.ceil(Math.sqrt(bytes / 3));
  const images: Buffer[] = [];
  for (let n = 0; n < count; n++) {
    const pixels = Buffer.alloc(side * side * 3);
    let x = n + 1;
    for (let i = 0; i < pixels.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      pixels[i] = x >> 16;
    }
    images.push(
      await sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
        .png({ compressionLevel: 0 })
        .toBuffer(),
    );
  }
  return images;
}

/** One upload; resolves whether it was answered 200. */
async function uploadOnce(origin: string, token: string, image: Buffer, name: string): Promise<boolean> {
  const form = new FormData();
  form.append('i', token);
  form.append('force', 'true');
  form.append('name', name);
  form.append('file', new Blob([image as Uint8Array<ArrayBuffer>]), name);
  const res = await fetch(origin + '/api/drive/files/create', { method: 'POST', body: form });
  await res.arrayBuffer();
  return res.status === 200;
}

/**
 * Uploads in `concurrency` loops until `until` resolves (or `seconds` pass), rotating over tokens and
 * images; answers the throughput.
 */
export async function uploadLoad(
  origin: string,
  tokens: readonly string[],
  images: readonly Buffer[],
  label: string,
  concurrency: number,
  seconds: number,
): Promise<UploadResult> {
  const deadline = performance.now() + seconds * 1000;
  let files = 0;
  let failed = 0;
  let bytes = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const n = next++;
        const image = images[n % images.length]!;
        const ok = await uploadOnce(origin, tokens[n % tokens.length]!, image, `bench-${n}.png`).catch(() => false);
        if (ok) {
          files++;
          bytes += image.length;
        } else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    label,
    bytesEach: images[0]!.length,
    concurrency,
    seconds: Math.round(elapsed * 100) / 100,
    files,
    failed,
    filesPerSec: Math.round((files / elapsed) * 10) / 10,
    mbPerSec: Math.round((bytes / 2 ** 20 / elapsed) * 10) / 10,
  };
}

export const describeUpload = (r: UploadResult): string =>
  `upload ${r.label} (${(r.bytesEach / 2 ** 20).toFixed(2)} MiB each) ×${r.concurrency}: ${r.filesPerSec} files/s, ${r.mbPerSec} MB/s (${r.files} files, ${r.failed} failed, ${r.seconds} s)`;
