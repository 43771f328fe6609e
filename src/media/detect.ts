/** A file's type from its first bytes, as Misskey's FileInfoService has it (file-type, SVG by its markup). */
import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';

/** Bytes read to tell SVG markup from other text. */
const SVG_PROBE_BYTES = 4096;

/** A detected type and its usual file extension (null when unknown). */
export interface DetectedType {
  mime: string;
  ext: string | null;
}

const UNKNOWN: DetectedType = { mime: 'application/octet-stream', ext: null };

/** The detected type of the file at `path` of `size` bytes; application/octet-stream when unknown. */
export async function detectType(path: string, size: number): Promise<DetectedType> {
  if (size === 0) return UNKNOWN;
  const found = await fileTypeFromFile(path);
  if (found === undefined || found.mime === 'application/xml')
    return (await isSvg(path)) ? { mime: 'image/svg+xml', ext: 'svg' } : UNKNOWN;
  return { mime: normalise(found.mime), ext: found.ext };
}

/** Misskey's spellings of a few types file-type names otherwise. */
function normalise(mime: string): string {
  if (mime === 'audio/x-flac') return 'audio/flac';
  if (mime === 'audio/vnd.wave') return 'audio/wav';
  return mime;
}

/**
 * Whether the file is SVG: after an optional BOM, XML declaration, comments and doctype, its first
 * element is `<svg`. Enough to refuse it inline serving; what renders it (a thumbnail) parses it properly.
 */
export async function isSvg(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SVG_PROBE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SVG_PROBE_BYTES, 0);
    let text = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    for (let previous = ''; previous !== text; ) {
      previous = text;
      text = text
        .replace(/^\s+/, '')
        .replace(/^<\?xml[^>]*\?>/i, '')
        .replace(/^<!--[\s\S]*?-->/, '')
        .replace(/^<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/i, '');
    }
    return /^<svg[\s>/:]/i.test(text);
  } finally {
    await handle.close();
  }
}
