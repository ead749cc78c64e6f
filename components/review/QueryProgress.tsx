import type { QueryTracker } from './progress';
import { ErrorNotice } from './ErrorNotice';
import { rt } from './review-i18n';

/**
 * What a query is doing: a spinner with the elapsed seconds and 取消 while it runs, a note after a
 * cancel, the error when it failed. Nothing when it is done.
 */
export function QueryProgress<T>({ tracker, onRetry }: { tracker: QueryTracker<T>; onRetry: () => void }) {
  const { status, error } = tracker.state.value;
  if (status === 'running') {
    const seconds = (tracker.elapsedMs.value / 1000).toFixed(1);
    return (
      <div class="rv-progress" role="status" aria-live="polite">
        <span class="rv-spinner" aria-hidden="true" />
        <span class="rv-progress-text">{rt('progress.running', { seconds })}</span>
        <button type="button" class="rv-progress-cancel" onClick={() => tracker.cancel()}>
          {rt('progress.cancel')}
        </button>
      </div>
    );
  }
  if (status === 'cancelled') {
    return (
      <div class="rv-progress rv-progress-cancelled" role="status">
        <span>{rt('progress.cancelled')}</span>
        <button type="button" onClick={onRetry}>
          {rt('progress.retry')}
        </button>
      </div>
    );
  }
  if (status === 'error') {
    return (
      <div class="rv-progress-error">
        <ErrorNotice error={error} />
        <button type="button" onClick={onRetry}>
          {rt('progress.retry')}
        </button>
      </div>
    );
  }
  return null;
}
