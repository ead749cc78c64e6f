import { render } from 'preact';
import { StatusBadge } from '../../components/StatusBadge';

const STOPPED = { state: 'stopped' } as const;
const nothing = (): void => undefined;

/**
 * What a copy of the content script leaves on the page once an update or a removal has cut it off
 * and no newer copy took over: the badge alone, saying 审核已停止 and how to get checking back. The
 * markers go with the rest: nothing keeps them true any more.
 */
export function showStoppedBadge(container: HTMLElement): void {
  render(
    <div class="pf-layer">
      <StatusBadge status={STOPPED} findings={[]} onToggle={nothing} />
    </div>,
    container,
  );
}
