/** Image facts and derived versions (Misskey's FileInfoService and ImageProcessingService, as the reference has them). */
import PQueue from 'p-queue';
import sharp, { type Metadata } from 'sharp';
import { encodeBlurhash } from './blurhash-encode.js';

/** What Misskey reads dimensions of: anything else of type image/* keeps its type but no dimensions. */
const DIMENSIONED = new Set([
  'image/png',
  'image/gif',
  'image/jpeg',
  'image/webp',
  'image/avif',
  'image/apng',
  'image/bmp',
  'image/tiff',
  'image/svg+xml',
  'image/vnd.adobe.photoshop',
]);
/** What sharp (the prebuilt libvips) reads, so what gets a blurhash, a thumbnail and perhaps a webpublic version. */
const CONVERTIBLE = new Set([
  'image/png',
  'image/gif',
  'image/jpeg',
  'image/webp',
  'image/avif',
  'image/apng',
  'image/tiff',
  'image/svg+xml',
]);
/** Past this many pixels a side Misskey treats an image as not one. */
const MAX_SIDE = 16383;
/** A webpublic version is made unless the original is at most this wide and high (and carries no metadata). */
const WEBPUBLIC_SIDE = 2048;
const THUMBNAIL = { width: 498, height: 422, quality: 77 };
/** Images decoded at once in the media process: each takes one libuv thread. */
const queue = new PQueue({ concurrency: 2 });

sharp.cache(false);
sharp.concurrency(1);

export interface MediaInfo {
  /** The type to store: the detected one, or application/octet-stream for an image whose size cannot be read or is too large. */
  type: string;
  width: number | null;
  height: number | null;
  orientation: number | null;
  blurhash: string | null;
  /** Whether a thumbnail was written to `outputs.thumbnail`. */
  thumbnail: boolean;
  /** Whether a webpublic version was written to `outputs.webpublic`. */
  webpublic: boolean;
}

/** Where the derived versions go (staged temporary paths). */
export interface MediaOutputs {
  thumbnail: string;
  webpublic: string;
}

const NOTHING = { width: null, height: null, orientation: null, blurhash: null, thumbnail: false, webpublic: false };

/** The facts of the file at `path` of detected `type`, writing its derived versions for images sharp reads. */
export function analyseFile(path: string, type: string, outputs: MediaOutputs): Promise<MediaInfo> {
  if (!DIMENSIONED.has(type)) return Promise.resolve({ type, ...NOTHING });
  return queue.add(() => analyseImage(path, type, outputs));
}

async function analyseImage(path: string, type: string, outputs: MediaOutputs): Promise<MediaInfo> {
  let meta: Metadata;
  try {
    meta = await sharp(path, { limitInputPixels: MAX_SIDE * MAX_SIDE }).metadata();
  } catch {
    return { type: CONVERTIBLE.has(type) ? 'application/octet-stream' : type, ...NOTHING };
  }
  const { width, height } = meta;
  if (width === undefined || height === undefined || width > MAX_SIDE || height > MAX_SIDE)
    return { type: 'application/octet-stream', ...NOTHING };
  const orientation = meta.orientation ?? null;
  if (!CONVERTIBLE.has(type)) return { type, ...NOTHING, width, height, orientation };
  try {
    const animated = (meta.pages ?? 1) > 1;
    const blurhash = await blurhashOf(path);
    await sharp(path)
      .rotate()
      .resize(THUMBNAIL.width, THUMBNAIL.height, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: THUMBNAIL.quality })
      .toFile(outputs.thumbnail);
    const webpublic = !animated && needsWebpublic(type, meta, width, height);
    if (webpublic) await writeWebpublic(path, type, outputs.webpublic);
    return { type, width, height, orientation, blurhash, thumbnail: true, webpublic };
  } catch {
    // a file whose header reads but whose pixels do not: kept as it is, without derived versions
    return { type, ...NOTHING, width, height, orientation };
  }
}

/** Whether the original cannot be served to others as it is: SVG, AVIF, metadata (EXIF location among it) or too large. */
function needsWebpublic(type: string, meta: Metadata, width: number, height: number): boolean {
  if (type === 'image/svg+xml' || type === 'image/avif') return true;
  if (
    meta.exif !== undefined ||
    meta.iptc !== undefined ||
    meta.xmp !== undefined ||
    meta.tifftagPhotoshop !== undefined
  )
    return true;
  return width > WEBPUBLIC_SIDE || height > WEBPUBLIC_SIDE;
}

/** The type of an image's webpublic version: JPEG, WebP and AVIF become WebP, the rest PNG. */
export const webpublicType = (type: string): string =>
  type === 'image/jpeg' || type === 'image/webp' || type === 'image/avif' ? 'image/webp' : 'image/png';

/** Re-encoded without metadata and turned upright. */
async function writeWebpublic(path: string, type: string, output: string): Promise<void> {
  const image = sharp(path)
    .rotate()
    .resize(WEBPUBLIC_SIDE, WEBPUBLIC_SIDE, { fit: 'inside', withoutEnlargement: true });
  await (webpublicType(type) === 'image/webp' ? image.webp({ quality: 77 }) : image.png()).toFile(output);
}

/** 5×5 components of the image scaled into 64×64, as Misskey computes it. */
async function blurhashOf(path: string): Promise<string> {
  const { data, info } = await sharp(path)
    .rotate()
    .resize(64, 64, { fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
  return encodeBlurhash(pixels, info.width, info.height, 5, 5);
}
