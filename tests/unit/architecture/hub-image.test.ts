import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoImports, type ImportEdge } from './import-graph';

/**
 * hub/Dockerfile copies only some folders and installs only the production dependencies (plus tsx).
 * Docker is not available where the tests run, so the image is never built here: this keeps what it
 * copies and installs equal to what the hub and its CLI import, so an import added later that the
 * image lacks fails here instead of in a hospital's container.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ENTRIES = ['hub/src/main.ts', 'hub/src/cli.ts'];

function reachable(edges: ImportEdge[]): { files: Set<string>; packages: Map<string, string> } {
  const byFile = new Map<string, ImportEdge[]>();
  for (const edge of edges) byFile.set(edge.file, [...(byFile.get(edge.file) ?? []), edge]);
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const todo = [...ENTRIES];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const edge of byFile.get(file) ?? []) {
      if (edge.target !== undefined) todo.push(edge.target);
      else if (!edge.specifier.startsWith('node:')) {
        const parts = edge.specifier.split('/');
        packages.set(edge.specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!, file);
      }
    }
  }
  return { files, packages };
}

/** The final stage's `COPY <source> <dest>` lines from the build context (not --from another stage). */
function copiedFromContext(dockerfile: string): string[] {
  const final = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  return final
    .split('\n')
    .filter((line) => /^COPY\s/.test(line) && !line.includes('--from='))
    .flatMap((line) => line.trim().split(/\s+/).slice(1, -1));
}

describe('the hub container image', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'hub/Dockerfile'), 'utf8');
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
  const { files, packages } = reachable(repoImports(ROOT));

  it('reads the hub through its entry points', () => {
    expect(files.has('hub/src/hub.ts')).toBe(true);
    expect(files.has('hub/src/http/app.ts')).toBe(true);
    expect([...packages.keys()]).toContain('@electric-sql/pglite');
  });

  it('copies every folder the hub and its CLI import from', () => {
    const copied = copiedFromContext(dockerfile);
    const missing = [...files].filter((file) => !copied.some((source) => file === source || file.startsWith(`${source}/`)));
    expect(missing).toEqual([]);
  });

  it('installs every package they import as a production dependency (tsx is added by the Dockerfile)', () => {
    const notInstalled = [...packages].filter(([name]) => !(name in pkg.dependencies)).map(([name, file]) => `${name} (imported by ${file})`);
    expect(notInstalled).toEqual([]);
    expect(dockerfile).toContain("packages['node_modules/tsx'].version");
  });

  it('starts the same entry point as `npm run hub`, with Node as the container process', () => {
    expect(pkg.scripts.hub).toContain('hub/src/main.ts');
    expect(dockerfile).toMatch(/^CMD \["node", "--import", "tsx", "hub\/src\/main\.ts"\]$/m);
  });
});
