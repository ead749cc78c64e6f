import { Component, h, type ComponentType } from 'preact';

/**
 * Skips re-rendering a component while `equal(previous, next)` holds; shallow prop equality by
 * default. Used instead of preact/compat's memo because importing compat installs global
 * React-compatibility hooks we do not want in the overlay.
 */
export function memo<P extends object>(
  Inner: ComponentType<P>,
  equal: (previous: Readonly<P>, next: Readonly<P>) => boolean = shallowEqual,
): ComponentType<P> {
  class Memoized extends Component<P> {
    override shouldComponentUpdate(next: Readonly<P>): boolean {
      return !equal(this.props, next);
    }
    override render() {
      return h(Inner as ComponentType<object>, this.props);
    }
  }
  (Memoized as { displayName?: string }).displayName = `memo(${Inner.displayName ?? Inner.name ?? 'component'})`;
  return Memoized as unknown as ComponentType<P>;
}

export function shallowEqual<P extends object>(a: Readonly<P>, b: Readonly<P>): boolean {
  const keysA = Object.keys(a) as (keyof P)[];
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every((key) => a[key] === b[key]);
}
