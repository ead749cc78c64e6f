import { render } from 'preact';
import { ConsentSheetView, ConsentUnavailable } from '../../components/consent/ConsentSheet';
import { takeSheet } from '../../components/consent/relay';

/**
 * The printable 自费知情同意书. Its content comes once from the background's memory (the token in
 * the URL fragment names it) and lives only in this page: reloading it shows that it is gone.
 */
const root = document.getElementById('app')!;
const token = location.hash.slice(1);

takeSheet(token).then(
  (sheet) => {
    if (!sheet) return render(<ConsentUnavailable />, root);
    document.title = `${sheet.hospital ?? ''}自费知情同意书`;
    render(<ConsentSheetView sheet={sheet} onPrint={() => window.print()} />, root);
    // Nothing to come back to: the fragment names a sheet that is now gone.
    history.replaceState(null, '', location.pathname);
  },
  () => render(<ConsentUnavailable />, root),
);
