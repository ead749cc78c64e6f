import type { Box, HoverInfo, Outline } from './picker-model';

/**
 * What the picker draws over a page in any frame: while a field is armed, a transparent layer that
 * takes the pointer (hover shows what a click would pick, right click disarms, the wheel still
 * scrolls the page); and the outlines of the fields placed here and of what is under the cursor.
 * The panel's frame (PickerApp) and the other frames (AgentLayer) share it.
 */

export interface SurfaceActions {
  hoverAt(x: number, y: number): void;
  pickAt(x: number, y: number): void;
  scrollAt(x: number, y: number, dx: number, dy: number): void;
  disarm(): void;
}

export interface SurfaceModel {
  readonly passThrough?: boolean;
  readonly hover?: HoverInfo;
  readonly outlines: readonly Outline[];
}

const place = (box: Box) => ({ top: `${box.top}px`, left: `${box.left}px`, width: `${box.width}px`, height: `${box.height}px` });

export function PickSurface({ armed, title, model, actions }: { armed: boolean; title?: string; model: SurfaceModel; actions: SurfaceActions }) {
  return (
    <>
      {armed ? (
        <div
          class="pk-catcher"
          data-role="catcher"
          title={title}
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
    </>
  );
}
