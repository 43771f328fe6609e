/**
 * Prints `N passed, N failed` as the last line of `npm test` (CI reads only that line) and exits 1 when
 * anything failed. Usage: `node dist/test/summary.js [tap's exit status]`.
 *
 * Counts are the top-level test points of each test file, read from tap's saved per-file results
 * (`.tap/test-results/<file>.tap`, the child's raw TAP stdout; `npm test` clears them first). A file that
 * crashed, timed out or never ran is a failure too: missing points of its plan count as failed, a file
 * with no plan counts one failure, and when tap itself failed (its exit status, given as the argument)
 * with no failing point anywhere, that counts one failure.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = process.cwd();
const resultsDir = join(root, '.tap', 'test-results');
const testsDir = join(root, 'dist', 'test');

interface FileCount {
  passed: number;
  failed: number;
  notes: string[];
}

/** Every file under `dir` whose name ends with `suffix`, as paths relative to the project root with `/`. */
function walk(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full, suffix));
    else if (name.endsWith(suffix)) out.push(relative(root, full).split(sep).join('/'));
  }
  return out.sort();
}

/** Counts the top-level points (no indentation) of one file's TAP stream. */
function countTap(tap: string): FileCount {
  let passed = 0;
  let failed = 0;
  let planned: number | null = null;
  let bailed = false;
  /** Top-level `# Subtest: name` headers not yet closed by their point (a process that exits mid-test leaves one open). */
  const open: string[] = [];
  const notes: string[] = [];
  for (const line of tap.split(/\r?\n/)) {
    const header = /^# Subtest: (.*)$/.exec(line);
    if (header) {
      open.push(header[1]!);
      continue;
    }
    const point = /^(not ok|ok)\b(?:\s+\d+)?(?:\s*-?\s*)(.*)$/.exec(line);
    if (point) {
      open.pop();
      const directive = /#\s*(todo|skip)\b/i.test(point[2] ?? '');
      if (point[1] === 'ok' || directive) passed++;
      else {
        failed++;
        notes.push('not ok ' + (point[2] ?? '').trim());
      }
      continue;
    }
    const plan = /^1\.\.(\d+)/.exec(line);
    if (plan) {
      planned = Number(plan[1]);
      continue;
    }
    if (/^Bail out!/.test(line)) {
      bailed = true;
      notes.push(line.trim());
    }
  }
  for (const name of open) {
    failed++;
    notes.push(`not ok ${name} (unfinished: the test process exited or was killed during it)`);
  }
  if (planned === null) {
    if (open.length === 0) {
      failed++;
      notes.push('no plan (the test process crashed, timed out or was killed)');
    }
  } else if (passed + failed < planned) {
    const missing = planned - passed - failed;
    failed += missing;
    notes.push(`${missing} planned test(s) never reported`);
  } else if (bailed && failed === 0) {
    failed++;
  }
  return { passed, failed, notes };
}

function main(): void {
  const expected = walk(testsDir, '.test.js');
  const results = new Map(
    walk(resultsDir, '.tap').map((f) => [
      relative('.tap/test-results', f)
        .split(sep)
        .join('/')
        .replace(/\.tap$/, ''),
      f,
    ]),
  );
  const tapStatus = Number(process.argv[2] ?? 0);
  let passed = 0;
  let failed = 0;
  for (const file of new Set([...expected, ...results.keys()])) {
    const saved = results.get(file);
    const count: FileCount =
      saved === undefined
        ? { passed: 0, failed: 1, notes: ['no results: the file did not run'] }
        : countTap(readFileSync(join(root, saved), 'utf8'));
    passed += count.passed;
    failed += count.failed;
    for (const note of count.notes) console.log(`# ${file}: ${note}`);
  }
  if (failed === 0 && tapStatus !== 0) {
    failed = 1;
    console.log(
      `# tap exited with status ${tapStatus} although every test point passed (a non-zero exit, a signal or a timeout)`,
    );
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main();
