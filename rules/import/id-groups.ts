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

/** The groups of an id that has more than one. */
class Several<G> {
  readonly list: G[] = [];
  byText: Map<string, G> | undefined;
}

export class GroupsById<G extends object, K> {
  private readonly byId = new Map<string, G | Several<G>>();

  /**
   * `keyOf` gives a group's key, `same` tells keys apart, and `text` spells a key for the map of
   * an id with many groups (equal texts for exactly the keys `same` finds equal).
   */
  constructor(
    private readonly keyOf: (group: G) => K,
    private readonly same: (a: K, b: K) => boolean,
    private readonly text: (key: K) => string,
  ) {}

  find(id: string, key: K): G | undefined {
    const at = this.byId.get(id);
    if (!at) return undefined;
    if (!(at instanceof Several)) return this.same(this.keyOf(at), key) ? at : undefined;
    if (at.byText) return at.byText.get(this.text(key));
    for (const group of at.list) if (this.same(this.keyOf(group), key)) return group;
    return undefined;
  }

  /** Adds a group whose key `find` did not find; returns its number among its id's groups (1 for the first). */
  add(id: string, group: G): number {
    const at = this.byId.get(id);
    if (!at) {
      this.byId.set(id, group);
      return 1;
    }
    let several: Several<G>;
    if (at instanceof Several) several = at;
    else {
      several = new Several<G>();
      several.list.push(at);
      this.byId.set(id, several);
    }
    several.list.push(group);
    if (several.byText) several.byText.set(this.text(this.keyOf(group)), group);
    else if (several.list.length > LIST_LIMIT) several.byText = new Map(several.list.map((g) => [this.text(this.keyOf(g)), g]));
    return several.list.length;
  }
}
