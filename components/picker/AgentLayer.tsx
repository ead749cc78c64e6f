import type { HoverInfo, Outline } from './picker-model';
import { PickSurface, type SurfaceActions } from './PickSurface';

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

export type AgentActions = SurfaceActions;

export function AgentLayer({ model, actions }: { model: AgentModel; actions: AgentActions }) {
  return (
    <div class="pk-root" data-role="agent">
      <PickSurface armed={Boolean(model.armed)} title={model.armed ? `点击「${model.armed}」` : undefined} model={model} actions={actions} />
    </div>
  );
}
