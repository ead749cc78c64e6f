import { describe, expect, it } from 'vitest';
import { importsOf, violations, type ImportEdge } from './import-graph';

/** The checker on made-up graphs: it must catch each kind of wrong arrow, and pass the right ones. */

const edge = (file: string, specifier: string, target?: string): ImportEdge => (target === undefined ? { file, specifier } : { file, specifier, target });

describe('the layer rule', () => {
  it('names the file and specifier of an upward import', () => {
    const found = violations([edge('components/picker/FieldRow.tsx', '../../entrypoints/content/picker/draft', 'entrypoints/content/picker/draft.ts')]);
    expect(found).toEqual([
      { file: 'components/picker/FieldRow.tsx', specifier: '../../entrypoints/content/picker/draft', reason: 'upward: entrypoints is above components' },
    ]);
  });

  it('refuses the arrows the contract move removed', () => {
    const found = violations([
      edge('log/review-source.ts', '../components/review/data-source', 'components/review/data-source.ts'),
      edge('components/review/model.ts', '../../hub/src/review/verdicts', 'hub/src/review/verdicts.ts'),
      edge('hub/src/events/filters.ts', '../../../log/flag-event', 'log/flag-event.ts'),
      edge('hub/src/http/static.ts', '../../../components/review/EventsView', 'components/review/EventsView.tsx'),
      edge('log/flag-event.ts', '../adapters/problems', 'adapters/problems.ts'),
      edge('workers/engine-owner-runtime.ts', '../pack-updates/owner-initial-pack', 'pack-updates/owner-initial-pack.ts'),
    ]);
    expect(found.map((v) => v.reason)).toEqual([
      'upward: components is above log',
      "hub is outside the extension's layers",
      'hub may import only contract, rules',
      'hub may import only contract, rules',
      'sideways: adapters is beside log',
      'upward: pack-updates is above workers',
    ]);
  });

  it('keeps the contract a leaf: only zod and other contract files', () => {
    const found = violations([
      edge('contract/findings.ts', 'zod'),
      edge('contract/flag-event.ts', './decision', 'contract/decision.ts'),
      edge('contract/order.ts', '../rules/parse/result', 'rules/parse/result.ts'),
      edge('contract/review/data-source.ts', 'preact'),
    ]);
    expect(found.map((v) => `${v.file}: ${v.reason}`)).toEqual([
      'contract/order.ts: upward: rules is above contract',
      'contract/review/data-source.ts: contract may import only the packages zod',
    ]);
  });

  it('lets every arrow run down, and tools take anything', () => {
    expect(
      violations([
        edge('entrypoints/background.ts', '../pack-updates/start-pack-updates', 'pack-updates/start-pack-updates.ts'),
        edge('entrypoints/content/picker/session.ts', '../../../components/picker/PickerApp', 'components/picker/PickerApp.tsx'),
        edge('components/picker/FieldRow.tsx', '../../adapters/authoring/fields', 'adapters/authoring/fields.ts'),
        edge('pack-updates/engine-link.ts', '../workers/engine-client', 'workers/engine-client.ts'),
        edge('log/review-source.ts', '../contract/review/data-source', 'contract/review/data-source.ts'),
        edge('hub/dashboard/App.tsx', '../../components/review/EventsView', 'components/review/EventsView.tsx'),
        edge('hub/src/packs/publish.ts', '../../../rules/pack/accept', 'rules/pack/accept.ts'),
        edge('cli/check.ts', '../contract/findings', 'contract/findings.ts'),
        edge('bench/hub.ts', '../hub/src/http/app', 'hub/src/http/app.ts'),
        edge('wxt.config.ts', './scripts/serve-demo', 'scripts/serve-demo.ts'),
      ]),
    ).toEqual([]);
  });

  it('refuses imports of tools and of folders the rule does not know', () => {
    const found = violations([
      edge('components/review/ExportButtons.tsx', '../../scripts/serve-demo', 'scripts/serve-demo.ts'),
      edge('newthing/index.ts', '../contract/order', 'contract/order.ts'),
      edge('settings/schema.ts', '../newthing', 'newthing/index.ts'),
      edge('rules/engine/compile.ts', '../../../shared/x', '../shared/x'),
    ]);
    expect(found.map((v) => v.reason)).toEqual([
      "tools is outside the extension's layers",
      'newthing/index.ts is in a folder the layer rule does not know (tests/unit/architecture/layers.ts)',
      'newthing/index.ts is in a folder the layer rule does not know',
      'outside the repository',
    ]);
  });
});

describe('reading the specifiers of a file', () => {
  const files = new Set(['adapters/index.ts', 'components/Overlay.tsx', 'log/x.ts']);
  const isFile = (relative: string) => files.has(relative);

  it('takes imports, re-exports, type imports and dynamic imports, resolved to their files', () => {
    const text = [
      "import { a } from '../adapters';",
      "import type { B } from '../components/Overlay';",
      "export * from './x';",
      "export { c } from 'zod';",
      "const later = () => import('../pack-updates/owner-initial-pack');",
      "type T = typeof import('../settings/store');",
    ].join('\n');
    expect(importsOf('log/y.ts', text, isFile)).toEqual([
      { file: 'log/y.ts', specifier: '../adapters', target: 'adapters/index.ts' },
      { file: 'log/y.ts', specifier: '../components/Overlay', target: 'components/Overlay.tsx' },
      { file: 'log/y.ts', specifier: './x', target: 'log/x.ts' },
      { file: 'log/y.ts', specifier: 'zod' },
      { file: 'log/y.ts', specifier: '../pack-updates/owner-initial-pack', target: 'pack-updates/owner-initial-pack' },
      { file: 'log/y.ts', specifier: '../settings/store', target: 'settings/store' },
    ]);
  });

  it('ignores import-like text in comments and template strings', () => {
    const text = ["// import { x } from '../components/Overlay';", "const code = `import { y } from '../entrypoints/background';`;", "import { z } from 'zod';"].join('\n');
    expect(importsOf('rules/a.ts', text, isFile).map((e) => e.specifier)).toEqual(['zod']);
  });

  it('finds an upward arrow end to end, from source text to the named violation', () => {
    const found = violations(importsOf('log/review-query.ts', "import type { ReviewFilters } from '../components/review/filters';", isFile));
    expect(found).toEqual([{ file: 'log/review-query.ts', specifier: '../components/review/filters', reason: 'upward: components is above log' }]);
  });
});
