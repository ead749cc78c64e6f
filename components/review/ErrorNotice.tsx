import { ReviewSourceError } from '../../contract/review/data-source';
import { useContext } from 'preact/hooks';
import { ReviewContext } from './context';
import { rt } from './review-i18n';

/** A failure said plainly: which kind it was, with the hub's own message under it. */
export function ErrorNotice({ error }: { error: unknown }) {
  const roleLabel = useContext(ReviewContext)?.roleLabel ?? '';
  const known = error instanceof ReviewSourceError ? error : undefined;
  const kind = known?.kind ?? 'network';
  const status = known?.status ?? '';
  const headline = rt(`error.${kind}`, { status, role: roleLabel });
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div class={`rv-error rv-error-${kind}`} role="alert">
      <strong>{headline}</strong>
      {message && <div class="rv-error-message">{rt('error.message', { message })}</div>}
      {known?.details.length ? (
        <ul class="rv-error-details">
          {known.details.slice(0, 5).map((d) => (
            <li key={d.path}>
              <code>{d.path}</code> {d.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
