/**
 * Where the time goes: summarises V8 .cpuprofile files (written by Flock under `npm run bench -- --profile`,
 * one per thread) as self time per function and per source file, heaviest first.
 *
 *   node dist/bench/profile.js <dir or .cpuprofile files...> [--top=25]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  seconds: number;
  /** Share of samples not idle. */
  busy: number;
  functions: { name: string; where: string; selfMs: number; share: number }[];
  files: { where: string; selfMs: number; share: number }[];
}

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, 'node_modules/')
    .replace(/^.*\/dist\//, 'dist/');

/** Self time per function and per file of one profile. */
export function summariseProfile(path: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const fn = new Map<string, { name: string; where: string; us: number }>();
  const files = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    total += us;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const where = url === '' ? '(native)' : `${shortUrl(url)}:${lineNumber + 1}`;
    const key = `${functionName}@${where}`;
    const entry = fn.get(key) ?? { name: functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    fn.set(key, entry);
    const file = url === '' ? `(${functionName})` : shortUrl(url);
    files.set(file, (files.get(file) ?? 0) + us);
  }
  const busyUs = total - idle;
  const share = (us: number) => Math.round((us / Math.max(1, busyUs)) * 1000) / 10;
  return {
    file: basename(path),
    seconds: Math.round((profile.endTime - profile.startTime) / 1e4) / 100,
    busy: Math.round((busyUs / Math.max(1, total)) * 1000) / 10,
    functions: [...fn.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, selfMs: Math.round(f.us / 1000), share: share(f.us) })),
    files: [...files]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([where, us]) => ({ where, selfMs: Math.round(us / 1000), share: share(us) })),
  };
}

/** A printable summary of every profile in `paths` (directories are searched for .cpuprofile files). */
export function formatProfiles(paths: string[], top = 25): string {
  const files = paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => join(p, f))
      : [p],
  );
  const lines: string[] = [];
  for (const file of files.sort()) {
    const s = summariseProfile(file, top);
    lines.push(`\n${s.file}: ${s.seconds} s profiled, ${s.busy}% busy; self time of the busy part:`);
    lines.push('  by file:');
    for (const f of s.files)
      lines.push(`    ${String(f.share).padStart(5)}%  ${String(f.selfMs).padStart(7)} ms  ${f.where}`);
    lines.push('  by function:');
    for (const f of s.functions)
      lines.push(`    ${String(f.share).padStart(5)}%  ${String(f.selfMs).padStart(7)} ms  ${f.name}  ${f.where}`);
  }
  return lines.join('\n');
}

if (process.argv[1] !== undefined && basename(process.argv[1]) === 'profile.js') {
  const args = process.argv.slice(2);
  const top = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
  const paths = args.filter((a) => !a.startsWith('--'));
  if (paths.length === 0) {
    process.stderr.write('usage: node dist/bench/profile.js <dir or .cpuprofile files...> [--top=25]\n');
    process.exit(64);
  }
  process.stdout.write(formatProfiles(paths, top) + '\n');
}
