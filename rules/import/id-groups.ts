/**
 * Groups of rows that become one rule each, found by the rule's id and, within the id, by a key
 * (its kind and params, say). Groups of one id are numbered in the order they were made: the
 * first keeps the id, the next become id-2, id-3 …
 *
 * Kept by id alone because an import makes as many groups as rows: one map probe by an id the
 * rule keeps (its hash is then known for every later lookup), not a probe by id plus key text,
 * and no second map to number the groups of an id.
 */

/** Groups of one id beyond this many are also kept in a map by key text (a long list is rare). */
const LIST_LIMIT = 8;

interface Slot<G, K> {
  key: K;
  group: G;
}

class Slots<G, K> {
  readonly list: Slot<G, K>[] = [];
  byText: Map<string, G> | undefined;
}

export class GroupsById<G, K> {
  private readonly byId = new Map<string, Slot<G, K> | Slots<G, K>>();

  /**
   * `same` tells keys apart; `text` spells a key for the map of an id with many groups, equal
   * texts for exactly the keys `same` finds equal.
   */
  constructor(
    private readonly same: (a: K, b: K) => boolean,
    private readonly text: (key: K) => string,
  ) {}

  find(id: string, key: K): G | undefined {
    const at = this.byId.get(id);
    if (!at) return undefined;
    if (!(at instanceof Slots)) return this.same(at.key, key) ? at.group : undefined;
    if (at.byText) return at.byText.get(this.text(key));
    for (const slot of at.list) if (this.same(slot.key, key)) return slot.group;
    return undefined;
  }

  /** Adds the group of a key `find` did not find; returns its number among its id's groups (1 for the first). */
  add(id: string, key: K, group: G): number {
    const slot = { key, group };
    const at = this.byId.get(id);
    if (!at) {
      this.byId.set(id, slot);
      return 1;
    }
    let slots: Slots<G, K>;
    if (at instanceof Slots) slots = at;
    else {
      slots = new Slots<G, K>();
      slots.list.push(at);
      this.byId.set(id, slots);
    }
    slots.list.push(slot);
    if (slots.byText) slots.byText.set(this.text(key), group);
    else if (slots.list.length > LIST_LIMIT) slots.byText = new Map(slots.list.map((s) => [this.text(s.key), s.group]));
    return slots.list.length;
  }
}
