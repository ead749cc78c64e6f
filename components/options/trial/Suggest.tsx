import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A text box that offers matches as it is typed (a combobox): ↑/↓ move, Enter takes the marked
 * (or first) match, Esc closes. The text stays the caller's (a free-typed name is kept); picking
 * a match hands it over. Searches are debounced and a late answer to an older text is dropped.
 */

interface SuggestProps<T> {
  id: string;
  value: string;
  placeholder?: string;
  label: string;
  search: (text: string) => Promise<T[]>;
  keyOf: (item: T) => string;
  render: (item: T) => ComponentChildren;
  onText: (text: string) => void;
  onPick: (item: T) => void;
  /** Shown in the list when a search found nothing. */
  emptyText: string;
}

const DEBOUNCE_MS = 120;

export function Suggest<T>({ id, value, placeholder, label, search, keyOf, render, onText, onPick, emptyText }: SuggestProps<T>) {
  const [items, setItems] = useState<T[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [searched, setSearched] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const query = (text: string) => {
    clearTimeout(timer.current);
    const mine = ++seq.current;
    if (!text.trim()) {
      setItems([]);
      setSearched(false);
      return;
    }
    timer.current = setTimeout(() => {
      void search(text).then((found) => {
        if (mine !== seq.current) return;
        setItems(found);
        setActive(0);
        setSearched(true);
        setOpen(true);
      });
    }, DEBOUNCE_MS);
  };
  const pick = (item: T) => {
    seq.current++;
    setOpen(false);
    setItems([]);
    setSearched(false);
    onPick(item);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' && items.length > 0) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(items.length - 1, a + 1));
    } else if (e.key === 'ArrowUp' && items.length > 0) {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter' && open && items.length > 0) {
      e.preventDefault();
      pick(items[active] ?? items[0]!);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };
  const listId = `${id}-list`;
  const shown = open && (items.length > 0 || searched);
  return (
    <div class="op-suggest">
      <input
        id={id}
        type="text"
        role="combobox"
        aria-label={label}
        aria-expanded={shown ? 'true' : 'false'}
        aria-controls={listId}
        aria-autocomplete="list"
        autocomplete="off"
        value={value}
        placeholder={placeholder}
        onInput={(e) => {
          const text = (e.currentTarget as HTMLInputElement).value;
          onText(text);
          query(text);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => items.length > 0 && setOpen(true)}
        onBlur={() => setOpen(false)}
      />
      {shown && (
        <ul id={listId} class="op-suggest-list" role="listbox">
          {items.length === 0 && <li class="op-suggest-empty">{emptyText}</li>}
          {items.map((item, i) => (
            <li
              key={keyOf(item)}
              role="option"
              aria-selected={i === active ? 'true' : 'false'}
              class={i === active ? 'op-suggest-on' : undefined}
              data-key={keyOf(item)}
              // mousedown, not click: the input's blur would close the list before a click lands.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(item);
              }}
            >
              {render(item)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
