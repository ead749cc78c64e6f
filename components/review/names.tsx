import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { LoggedLine } from '../../contract/order-summary';
import type { ReviewDataSource } from '../../contract/review/data-source';
import { MAX_NAME_IDS, type Names, type NamesQuery } from '../../contract/review/names';
import { useReview } from './context';
import { valueText } from './order-i18n';
import { kindText, knownKindText, rt } from './review-i18n';

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

/**
 * What a rule is called when no pack names it (a hub with no packs uploaded, a rule from a pack
 * this workstation no longer holds): its kind, and the drug or item it fired on when the record
 * says, e.g. 超量 · 西洛他唑片. Undefined without a kind this build knows: the id is all there is.
 */
export function unnamedRuleText(kind: string | null | undefined, lineName?: string | undefined): string | undefined {
  const kindName = knownKindText(kind);
  if (!kindName) return undefined;
  const line = lineName?.trim();
  return line ? rt('names.ruleFallback', { kind: kindName, line }) : kindName;
}

/** The drug or item a finding of an order is on, from the order's lines; undefined for an order-wide finding. */
export function lineNameOf(lines: readonly LoggedLine[], finding: { lineId?: string | undefined }): string | undefined {
  if (finding.lineId === undefined) return undefined;
  return lines.find((l) => l.id === finding.lineId)?.name.trim() || undefined;
}

/** A doctor the directory does not name, by 工号, so the id reads as what it is: 医师（工号 d-17）. */
export function unnamedPrescriberText(id: string): string {
  return rt('names.doctor') + rt('names.staffId', { id });
}

interface RuleTitleProps {
  book: NameBook;
  ruleId: string;
  kind?: string | null | undefined;
  /** The drug or item on the finding's line, for a rule the packs do not name. */
  lineName?: string | undefined;
}

/**
 * A rule id with a line-break opportunity after each hyphen: Chrome does not take the hyphens of
 * an id such as rx-day-limits as places to break in a Chinese page, and a narrow column then cut
 * it mid-word (rx-day-lim|its). The text stays the id, character for character.
 */
export function RuleIdText({ id }: { id: string }) {
  const pieces = id.split('-');
  return (
    <>
      {pieces.map((piece, i) => (i < pieces.length - 1 ? [piece, '-', <wbr key={i} />] : piece))}
    </>
  );
}

/** A rule as people know it, with its id small beside it; its kind and line when the packs do not name it. */
export function RuleTitle({ book, ruleId, kind, lineName }: RuleTitleProps) {
  const name = book.ruleName(ruleId, kind);
  if (name) {
    return (
      <span class="rv-named">
        <span class="rv-name">{name}</span>{' '}
        <span class="rv-id">
          <RuleIdText id={ruleId} />
        </span>
      </span>
    );
  }
  const fallback = unnamedRuleText(kind, lineName);
  // Without a name or a kind the id is all there is: shown as an id, not as a name.
  if (!fallback) {
    return (
      <span class="rv-name rv-id">
        <RuleIdText id={ruleId} />
      </span>
    );
  }
  return (
    <span class="rv-named rv-unnamed" title={rt('names.ruleIdOnly', { id: ruleId })}>
      <span class="rv-name">{fallback}</span>{' '}
      <span class="rv-id">
        <RuleIdText id={ruleId} />
      </span>
    </span>
  );
}

/** A doctor by name (and 科室 when the directory has it), the id beside it; by 工号 when unnamed. */
export function PrescriberTitle({ book, id }: { book: NameBook; id: string | undefined }) {
  if (!id) return <span class="rv-muted">—</span>;
  const known = book.prescriber(id);
  if (!known) {
    // The id inside the label is data, not our words (the Latin-word scan skips .rv-id); in a
    // narrow column the line breaks before （工号 …）, never inside it.
    const [before, after] = rt('names.staffId', { id: '\u0000' }).split('\u0000');
    return (
      <span class="rv-name rv-unnamed" title={rt('names.prescriberIdOnly', { id })}>
        {rt('names.doctor')}
        <span class="rv-staff">
          {before}
          <span class="rv-id rv-staff-id">{id}</span>
          {after}
        </span>
      </span>
    );
  }
  return (
    <span class="rv-named">
      <span class="rv-name">{known.name}</span> <span class="rv-id">{id}</span>
    </span>
  );
}

/** Plain text for charts and exports: the name, else the kind and line, else the id. */
export function ruleText(book: NameBook, ruleId: string, kind?: string | null, lineName?: string): string {
  return book.ruleName(ruleId, kind) ?? unnamedRuleText(kind, lineName) ?? ruleId;
}

export function prescriberText(book: NameBook, id: string | null | undefined): string | undefined {
  if (!id) return undefined;
  return book.prescriber(id)?.name ?? unnamedPrescriberText(id);
}

export function workstationText(book: NameBook, id: string | null | undefined, label?: string): string | undefined {
  if (!id) return undefined;
  return label || book.workstation(id) || id;
}
