import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ReviewDataSource } from '../../contract/review/data-source';
import { MAX_NAME_IDS, type Names, type NamesQuery } from '../../contract/review/names';
import { useReview } from './context';
import { valueText } from './order-i18n';
import { kindText } from './review-i18n';

/**
 * Names instead of ids (issue #11): what the views show for a rule, a doctor, a workstation. One
 * book per data source remembers every name it was given; a view asks for the ids on its screen
 * (`useNames`), the book fetches those it has not asked about yet in one call, and every view
 * that reads it draws again when they arrive. An id without a name stays as it is.
 */

type Kind = keyof Names;
const KINDS: readonly Kind[] = ['rules', 'prescribers', 'workstations'];

export class NameBook {
  private readonly known: Names = { rules: {}, prescribers: {}, workstations: {} };
  private readonly asked: Record<Kind, Set<string>> = { rules: new Set(), prescribers: new Set(), workstations: new Set() };
  private pending: Record<Kind, Set<string>> | undefined;
  /** Bumped when names arrive; reading it in a render subscribes the view. */
  readonly version = signal(0);

  constructor(private readonly source: ReviewDataSource) {}

  /** Asks for ids not asked about yet, batched with other requests of the same tick. */
  request(query: NamesQuery): void {
    let added = false;
    for (const kind of KINDS) {
      for (const id of query[kind] ?? []) {
        if (!id || this.asked[kind].has(id)) continue;
        this.asked[kind].add(id);
        this.pending ??= { rules: new Set(), prescribers: new Set(), workstations: new Set() };
        this.pending[kind].add(id);
        added = true;
      }
    }
    if (added) queueMicrotask(() => void this.flush());
  }

  /** Fetches every missing name of `query` and resolves once they are in (exports wait for it). */
  async load(query: NamesQuery, signal?: AbortSignal): Promise<void> {
    this.request(query);
    await this.flush(signal);
    // Ids asked for by a view a moment ago may still be on their way.
    await Promise.all(this.inflight);
  }

  private readonly inflight = new Set<Promise<void>>();

  private flush(signal?: AbortSignal): Promise<void> {
    const batch = this.pending;
    this.pending = undefined;
    if (!batch) return Promise.resolve();
    const running = this.fetchBatch(batch, signal).finally(() => this.inflight.delete(running));
    this.inflight.add(running);
    return running;
  }

  private async fetchBatch(batch: Record<Kind, Set<string>>, signal?: AbortSignal): Promise<void> {
    const lists = KINDS.map((kind) => [...batch[kind]]);
    // In slices the hub accepts; a failed lookup leaves the ids shown as they are.
    for (let start = 0; lists.some((list) => list.length > start); start += MAX_NAME_IDS) {
      const [rules, prescribers, workstations] = lists.map((list) => list.slice(start, start + MAX_NAME_IDS));
      try {
        const got = await this.source.names({ rules, prescribers, workstations }, signal);
        Object.assign(this.known.rules, got.rules);
        Object.assign(this.known.prescribers, got.prescribers);
        Object.assign(this.known.workstations, got.workstations);
      } catch {
        for (const [i, kind] of KINDS.entries()) for (const id of [rules, prescribers, workstations][i]!) this.asked[kind].delete(id);
      }
    }
    this.version.value += 1;
  }

  /**
   * Every lookup reads `version`, so any component that shows a name redraws when names arrive:
   * with @preact/signals a child whose props did not change is otherwise skipped.
   */
  private track(): void {
    void this.version.value;
  }

  /** 规则名称: the pack's name with the kind, e.g. 阿利沙坦酯片（限适应症）; undefined when unknown. */
  ruleName(ruleId: string, kind?: string | null): string | undefined {
    this.track();
    const builtIn = valueText('rule', ruleId);
    if (builtIn) return builtIn;
    const known = this.known.rules[ruleId];
    const kindLabel = kindText(known?.kind ?? kind);
    if (known?.name) return `${known.name}（${kindLabel}）`;
    return known ? kindLabel : undefined;
  }

  prescriber(id: string): { name: string; department: string | null } | undefined {
    this.track();
    return this.known.prescribers[id];
  }

  workstation(id: string): string | undefined {
    this.track();
    return this.known.workstations[id] || undefined;
  }
}

const books = new WeakMap<ReviewDataSource, NameBook>();

export function nameBookOf(source: ReviewDataSource): NameBook {
  let book = books.get(source);
  if (!book) books.set(source, (book = new NameBook(source)));
  return book;
}

/** The book for the current source, asking it for `query`'s ids; the view redraws as names arrive. */
export function useNames(query: NamesQuery): NameBook {
  const { source } = useReview();
  const book = nameBookOf(source);
  void book.version.value;
  const key = JSON.stringify(query);
  useEffect(() => book.request(query), [book, key]);
  return book;
}

/** A rule as people know it, with its id small beside it; the id alone when the packs do not name it. */
export function RuleTitle({ book, ruleId, kind }: { book: NameBook; ruleId: string; kind?: string | null | undefined }) {
  const name = book.ruleName(ruleId, kind);
  // Without a name the id is all there is: shown as an id, not as a name.
  if (!name) return <span class="rv-name rv-id">{ruleId}</span>;
  return (
    <span class="rv-named">
      <span class="rv-name">{name}</span> <span class="rv-id">{ruleId}</span>
    </span>
  );
}

/** A doctor by name (and 科室 when the directory has it), the id beside it. */
export function PrescriberTitle({ book, id }: { book: NameBook; id: string | undefined }) {
  if (!id) return <span class="rv-muted">—</span>;
  const known = book.prescriber(id);
  if (!known) return <span class="rv-name rv-id">{id}</span>;
  return (
    <span class="rv-named">
      <span class="rv-name">{known.name}</span> <span class="rv-id">{id}</span>
    </span>
  );
}

/** Plain text for charts and exports: the name, or the id when there is none. */
export function ruleText(book: NameBook, ruleId: string, kind?: string | null): string {
  return book.ruleName(ruleId, kind) ?? ruleId;
}

export function prescriberText(book: NameBook, id: string | null | undefined): string | undefined {
  if (!id) return undefined;
  return book.prescriber(id)?.name ?? id;
}

export function workstationText(book: NameBook, id: string | null | undefined, label?: string): string | undefined {
  if (!id) return undefined;
  return label || book.workstation(id) || id;
}
