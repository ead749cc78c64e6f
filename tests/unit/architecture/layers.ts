/**
 * Which part of the repository may import which. The extension is a stack: each layer imports only
 * layers below it, never one beside it, so every arrow runs down and none can close a loop. The
 * hub server and the CLI stand beside the stack and take only the contract and the engine; tools
 * (bench, scripts, root config files) may take anything, and nothing takes them.
 */

export type Area =
  | 'contract'
  | 'rules'
  | 'settings'
  | 'adapters'
  | 'log'
  | 'workers'
  | 'pack-updates'
  | 'components'
  | 'entrypoints'
  | 'hub-dashboard'
  | 'hub'
  | 'cli'
  | 'tools';

/** Lowest first. */
export const STACK: readonly (readonly Area[])[] = [
  ['contract'],
  ['rules'],
  ['settings'],
  ['adapters', 'log', 'workers'],
  // Reaches the engine through workers/ to load the packs it verifies.
  ['pack-updates'],
  ['components'],
  // The surfaces: the extension's pages and scripts, and the hub's review dashboard (which shows
  // the same review views as the extension's options page).
  ['entrypoints', 'hub-dashboard'],
];

/** Areas outside the stack, and everything each of them may import. */
export const BESIDE: Readonly<Partial<Record<Area, readonly Area[] | 'anything'>>> = {
  hub: ['contract', 'rules'],
  cli: ['contract', 'rules'],
  tools: 'anything',
};

/** Packages an area may import; an area not listed may import any. The contract is a leaf. */
export const PACKAGES: Readonly<Partial<Record<Area, readonly string[]>>> = {
  contract: ['zod'],
};

const PREFIXES: readonly [string, Area][] = [
  ['contract/', 'contract'],
  ['rules/', 'rules'],
  ['settings/', 'settings'],
  ['adapters/', 'adapters'],
  ['log/', 'log'],
  ['workers/', 'workers'],
  ['pack-updates/', 'pack-updates'],
  ['components/', 'components'],
  ['entrypoints/', 'entrypoints'],
  ['hub/dashboard/', 'hub-dashboard'],
  ['hub/src/', 'hub'],
  ['cli/', 'cli'],
  ['bench/', 'tools'],
  ['scripts/', 'tools'],
  ['demo/', 'tools'],
];

/** The area of a repo-relative path (`/`-separated); undefined for a folder the rule does not know. */
export function areaOf(file: string): Area | undefined {
  if (!file.includes('/')) return 'tools';
  return PREFIXES.find(([prefix]) => file.startsWith(prefix))?.[1];
}

function rankOf(area: Area): number | undefined {
  const rank = STACK.findIndex((layer) => layer.includes(area));
  return rank < 0 ? undefined : rank;
}

/** Why `from` may not import `to`, or undefined when it may. */
export function refusal(from: Area, to: Area): string | undefined {
  if (from === to) return undefined;
  const beside = BESIDE[from];
  if (beside === 'anything') return undefined;
  if (beside) return beside.includes(to) ? undefined : `${from} may import only ${beside.join(', ')}`;
  const fromRank = rankOf(from)!;
  const toRank = rankOf(to);
  if (toRank === undefined) return `${to} is outside the extension's layers`;
  if (toRank > fromRank) return `upward: ${to} is above ${from}`;
  if (toRank === fromRank) return `sideways: ${to} is beside ${from}`;
  return undefined;
}
