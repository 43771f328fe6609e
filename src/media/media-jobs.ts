/** The closed set of jobs the media process takes, and its answers. */
import type { DetectedType } from './detect.js';
import type { MediaInfo, MediaOutputs } from './images.js';

/** An upload's hashes and detected type. */
export interface FileFacts extends DetectedType {
  md5: string;
  sha256: string;
}

export type MediaJob =
  | { id: number; kind: 'inspect'; path: string; size: number }
  | { id: number; kind: 'analyse'; path: string; type: string; outputs: MediaOutputs };

export type MediaResult = FileFacts | MediaInfo;

export type MediaAnswer = { id: number; value: MediaResult; error?: undefined } | { id: number; error: string };
