/**
 * The module table in docs/architecture.md is the rule for imports between the folders under src/:
 * a module reaches another only through its entry file, and only along an arrow the table lists.
 * Infrastructure packages stay inside the module that wraps them. Checked here, so the document
 * cannot drift from the code.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = join(root, 'src');

/** Files at the top of src/ that wire the modules together, allowed to import any module's entry. */
const COMPOSITION_ROOTS = new Set(['main.ts', 'worker.ts']);

/** Packages only one module may import: the infrastructure it stands in front of. */
const PACKAGE_OWNERS: Record<string, string> = {
  lmdb: 'store',
  'uWebSockets.js': 'gateway',
  piscina: 'actors',
  busboy: 'gateway',
  sharp: 'media',
  'file-type': 'media',
  blurhash: 'media',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g;

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1]!);
}

/** The module a path under src/ belongs to, or null for the composition roots. */
function moduleOf(path: string): string | null {
  const parts = relative(src, path).split(sep);
  return parts.length === 1 ? null : parts[0]!;
}

/** Parses the "## Modules" table: | `name` | what it owns | may import (`a`, `b` or —) |. */
function documentedModules(): Map<string, Set<string>> {
  const doc = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Modules'));
  const rows = section
    .slice(0, section.indexOf('\n## ', 3))
    .split('\n')
    .filter((line) => /^\|\s*`/.test(line));
  const modules = new Map<string, Set<string>>();
  for (const row of rows) {
    const cells = row.split('|').map((cell) => cell.trim());
    const name = /`([^`]+)`/.exec(cells[1]!)![1]!;
    const arrows = [...(cells[3] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    modules.set(name, new Set(arrows));
  }
  return modules;
}

const files = sourceFiles(src);
const modules = documentedModules();

t.test('every folder under src/ is a documented module, and every documented module exists', async (t) => {
  const folders = readdirSync(src)
    .filter((name) => statSync(join(src, name)).isDirectory())
    .sort();
  t.same([...modules.keys()].sort(), folders);
  for (const folder of folders)
    t.ok(files.includes(join(src, folder, 'index.ts')), `${folder} has an entry file (index.ts)`);
});

t.test('the only files at the top of src/ are the composition roots', async (t) => {
  const topLevel = files.filter((file) => moduleOf(file) === null).map((file) => relative(src, file));
  t.same(
    topLevel.filter((name) => !COMPOSITION_ROOTS.has(name)),
    [],
  );
});

t.test('modules import one another only through entry files, along documented arrows', async (t) => {
  const violations: string[] = [];
  for (const file of files) {
    const from = moduleOf(file);
    for (const specifier of importsOf(file)) {
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
      const to = moduleOf(target);
      if (to === null || to === from) continue;
      const where = relative(root, file);
      if (target !== join(src, to, 'index.ts')) violations.push(`${where} reaches inside ${to}: ${specifier}`);
      if (from !== null && !modules.get(from)?.has(to))
        violations.push(`${where} imports ${to}, an arrow docs/architecture.md does not list for ${from}`);
    }
  }
  t.same(violations, []);
});

t.test('infrastructure packages are imported only by the module in front of them', async (t) => {
  const violations: string[] = [];
  for (const file of files) {
    for (const specifier of importsOf(file)) {
      const owner = PACKAGE_OWNERS[specifier];
      if (owner !== undefined && moduleOf(file) !== owner)
        violations.push(`${relative(root, file)} imports ${specifier} (kept inside ${owner})`);
    }
  }
  t.same(violations, []);
});
