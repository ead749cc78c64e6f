import type { Box, HoverInfo, Outline } from './picker-model';

/**
 * The field picker in a frame other than the panel's: while the panel asks for a page value or a
 * diagnosis, a transparent layer takes the pointer here, shows what a click would pick (or why it
 * cannot) and outlines the fields already placed in this frame. No panel: that is in the order frame.
 */

export interface AgentModel {
  /** The label of the field the panel is picking, when it can be picked here. */
  readonly armed?: string;
  readonly passThrough?: boolean;
  readonly hover?: HoverInfo;
  readonly outlines: readonly Outline[];
}

export interface AgentActions {
  hoverAt(x: number, y: number): void;
  pickAt(x: number, y: number): void;
  scrollAt(x: number, y: number, dx: number, dy: number): void;
  disarm(): void;
}

const place = (box: Box) => ({ top: `${box.top}px`, left: `${box.left}px`, width: `${box.width}px`, height: `${box.height}px` });

export function AgentLayer({ model, actions }: { model: AgentModel; actions: AgentActions }) {
  return (
    <div class="pk-root" data-role="agent">
      {model.armed ? (
        <div
          class="pk-catcher"
          data-role="catcher"
          title={`点击「${model.armed}」`}
          style={model.passThrough ? { pointerEvents: 'none' } : undefined}
          onMouseMove={(e) => actions.hoverAt(e.clientX, e.clientY)}
          onMouseLeave={() => actions.hoverAt(-1, -1)}
          onMouseDown={(e) => e.preventDefault()}
          onClick={(e) => {
            e.preventDefault();
            actions.pickAt(e.clientX, e.clientY);
          }}
          onContextMenu={(e) => {
            e.preventDefault();
            actions.disarm();
          }}
          onWheel={(e) => {
            e.preventDefault();
            actions.scrollAt(e.clientX, e.clientY, e.deltaX, e.deltaY);
          }}
        />
      ) : null}
      <div class="pk-boxes" aria-hidden="true">
        {model.outlines.map((o) => (
          <div key={o.id} class={`pk-box${o.broken ? ' pk-broken' : ''}`} style={place(o.box)}>
            <span class="pk-box-label">{o.label}</span>
          </div>
        ))}
        {model.hover ? (
          <div class={`pk-hover${model.hover.ok ? '' : ' pk-refused'}`} style={place(model.hover.box)} data-role="hover">
            <span class="pk-hover-label">{model.hover.text}</span>
          </div>
        ) : null}
      </div>
    </div>
  );
}
