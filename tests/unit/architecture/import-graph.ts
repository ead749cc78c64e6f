import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { areaOf, PACKAGES, refusal } from './layers';

/**
 * The repository's import graph, read from the sources: every import, `export … from`, `import()`
 * and `import('…')` type of every .ts/.tsx file, resolved to the file it names. TypeScript's own
 * pre-processor reads them, so a specifier inside a comment or a template string is not one.
 */

export interface ImportEdge {
  /** Repo-relative, `/`-separated. */
  file: string;
  specifier: string;
  /** The repo-relative path it resolves to; undefined for a package. */
  target?: string;
}

export interface Violation {
  file: string;
  specifier: string;
  reason: string;
}

/**
 * Never read: dependencies, hidden folders (build output `.output*`, `.wxt`, `.git`) and the tests,
 * which may reach into any layer to test it.
 */
function skipped(name: string, dir: string): boolean {
  return name === 'node_modules' || name.startsWith('.') || (dir === '' && name === 'tests');
}

export function sourceFiles(root: string, dir = ''): string[] {
  const files: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    if (skipped(name, dir)) continue;
    const relative = dir ? `${dir}/${name}` : name;
    if (statSync(path.join(root, relative)).isDirectory()) files.push(...sourceFiles(root, relative));
    else if (/\.(ts|tsx|mts)$/.test(name)) files.push(relative);
  }
  return files;
}

/** WXT's path aliases (.wxt/tsconfig.json): each names the repository root. */
const ROOT_ALIASES = ['@/', '~/', '@@/', '~~/'];

/** The repo-relative file a specifier names, or undefined for a package. */
export function resolveSpecifier(file: string, specifier: string, isFile: (relative: string) => boolean): string | undefined {
  const bare = specifier.replace(/[?#].*$/, '');
  const alias = ROOT_ALIASES.find((prefix) => bare.startsWith(prefix));
  if (!alias && !bare.startsWith('.')) return undefined;
  const base = alias ? path.posix.normalize(bare.slice(alias.length)) : path.posix.normalize(path.posix.join(path.posix.dirname(file), bare));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.mts`, `${base}/index.ts`, `${base}/index.tsx`];
  // A file that is not there still has a place: judge the arrow by where it points.
  return candidates.find(isFile) ?? base;
}

export function importsOf(file: string, text: string, isFile: (relative: string) => boolean): ImportEdge[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map(({ fileName }) => {
    const target = resolveSpecifier(file, fileName, isFile);
    return target === undefined ? { file, specifier: fileName } : { file, specifier: fileName, target };
  });
}

export function repoImports(root: string): ImportEdge[] {
  const isFile = (relative: string) => {
    try {
      return statSync(path.join(root, relative)).isFile();
    } catch {
      return false;
    }
  };
  return sourceFiles(root).flatMap((file) => importsOf(file, readFileSync(path.join(root, file), 'utf8'), isFile));
}

/** Package name of a bare specifier: `zod`, `@preact/signals`, `wxt` for `wxt/browser`, `node:fs`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Every import that breaks the layer rule (layers.ts), with the file and specifier to fix. */
export function violations(edges: readonly ImportEdge[]): Violation[] {
  const found: Violation[] = [];
  for (const { file, specifier, target } of edges) {
    const from = areaOf(file);
    if (!from) {
      found.push({ file, specifier, reason: `${file} is in a folder the layer rule does not know (tests/unit/architecture/layers.ts)` });
      continue;
    }
    if (target === undefined) {
      const allowed = PACKAGES[from];
      if (allowed && !allowed.includes(packageOf(specifier))) found.push({ file, specifier, reason: `${from} may import only the packages ${allowed.join(', ')}` });
      continue;
    }
    if (target.startsWith('../')) {
      found.push({ file, specifier, reason: 'outside the repository' });
      continue;
    }
    const to = areaOf(target);
    const reason = to ? refusal(from, to) : `${target} is in a folder the layer rule does not know`;
    if (reason) found.push({ file, specifier, reason });
  }
  return found;
}
