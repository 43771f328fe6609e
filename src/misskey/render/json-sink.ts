/**
 * Where rendered JSON goes. Renderers write pieces: JSON text, and stored fragments (a note's body, a
 * user's UserLite JSON) whose UTF-8 bytes the read caches keep. A list of notes is then written into
 * the gateway's output buffer by copying bytes, instead of being joined into one string that uWS
 * would measure, copy into a malloc'd buffer and transcode on every response (that cost ≈ 15 % of the
 * gateway thread on the home-timeline bench: a note with one emoji makes the whole joined string
 * two-byte).
 */
import type { Decoded } from '../../store/index.js';

export interface JsonSink {
  /** Appends JSON text. */
  text(json: string): void;
  /** Appends a stored fragment: `json` is its text, `cached` the read-cache entry that keeps its UTF-8 bytes. */
  fragment(json: string, cached: Decoded<unknown>): void;
  /** Where the next write goes, for `rewind`. */
  mark(): number;
  /** Drops everything written since `mark` returned `at` (an item that failed to render half-way). */
  rewind(at: number): void;
}

/** Collects the pieces into one string. */
export class JsonText implements JsonSink {
  private readonly parts: string[] = [];

  text(json: string): void {
    this.parts.push(json);
  }

  fragment(json: string): void {
    this.parts.push(json);
  }

  mark(): number {
    return this.parts.length;
  }

  rewind(at: number): void {
    this.parts.length = at;
  }

  toString(): string {
    return this.parts.join('');
  }
}

/** Short texts (separators, ids, small values) are copied char by char when they are ASCII, without a call into C++. */
const SHORT_TEXT = 32;

/**
 * A growable UTF-8 buffer reused for every response: `reset`, write, then hand `bytes()` to uWS,
 * which copies what it cannot send at once, so the buffer is free again when `end` returns.
 */
export class JsonBytes implements JsonSink {
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private length = 0;

  reset(): void {
    this.length = 0;
  }

  text(json: string): void {
    const n = json.length;
    // a UTF-16 unit never takes more than 3 UTF-8 bytes (a surrogate pair, 2 units, takes 4)
    this.reserve(n * 3);
    if (n <= SHORT_TEXT) {
      const { buffer } = this;
      let at = this.length;
      let i = 0;
      for (; i < n; i++) {
        const c = json.charCodeAt(i);
        if (c >= 0x80) break;
        buffer[at++] = c;
      }
      if (i === n) {
        this.length = at;
        return;
      }
    }
    this.length += this.buffer.write(json, this.length);
  }

  fragment(json: string, cached: Decoded<unknown>): void {
    let bytes = cached.utf8;
    if (bytes === undefined) {
      bytes = utf8Copy(json);
      cached.utf8 = bytes;
    }
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  mark(): number {
    return this.length;
  }

  rewind(at: number): void {
    this.length = at;
  }

  /** What was written since `reset`; valid until the next write. */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + n));
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }
}

/**
 * The string's UTF-8 bytes in a buffer of their own. Buffer.from would slice small strings out of
 * Node's shared 8 KiB pool, and a cached slice would keep its whole pool chunk alive for as long as
 * the cache entry lives, whatever happened to its neighbours.
 */
function utf8Copy(json: string): Uint8Array {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(json));
  bytes.write(json);
  return bytes;
}

/** Joins rendered entities into a JSON array without re-serialising them. */
export const jsonArray = (items: string[]) => '[' + items.join(',') + ']';

/** Pre-rendered JSON, sent as is (single notes and users splice stored fragments instead of serialising). */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * JSON that `write` puts straight into the gateway's reused output buffer, as UTF-8, when the
 * response is sent (lists of notes: their stored fragments are copied as bytes, JsonBytes above).
 * It runs synchronously just before the answer is written, so no other request can use the buffer in between.
 */
export class WrittenJson {
  constructor(readonly write: (out: JsonSink) => void) {}
}
