import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';

/** Mounts a Preact tree into a fresh container in the happy-dom document. */
export function mount(node: ComponentChild): { container: HTMLElement; unmount: () => void } {
  const container = document.createElement('div');
  document.body.append(container);
  act(() => render(node, container));
  return {
    container,
    unmount: () => {
      act(() => render(null, container));
      container.remove();
    },
  };
}

/** Waits until `find` returns something: the components load from IndexedDB asynchronously. */
export async function waitFor<T>(find: () => T | null | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let found: T | null | undefined | false = undefined;
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      found = find();
    });
    if (found) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting for the page');
  }
}

/** Types into an input or textarea the way a user does: set the value, fire `input`. */
export async function typeInto(el: Element | null, value: string): Promise<void> {
  if (!el) throw new Error('no such field');
  await act(async () => {
    (el as HTMLInputElement).value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function choose(el: Element | null, value: string): Promise<void> {
  if (!el) throw new Error('no such select');
  await act(async () => {
    (el as HTMLSelectElement).value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

export async function press(el: Element | null | undefined): Promise<void> {
  if (!el) throw new Error('no such button');
  await act(async () => {
    (el as HTMLElement).click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

export function buttonByText(root: ParentNode, text: string): HTMLButtonElement | undefined {
  return [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
}
