import { startEngineBackground } from '../workers/engine-background';
import { startFlagLogBackground } from '../log/flag-log-background';
import { startHubUpload } from '../log/upload/upload-background';
import { startProfileRegistration } from '../adapters/profile-registration-background';
import { startPackUpdates } from '../pack-updates/start-pack-updates';
import { startConsentRelay } from '../components/consent/relay';
import { startPageCoverage } from '../adapters/page-coverage-background';
import { startFrameRelay } from '../adapters/frame-relay-background';
import { startOpenPageInjection } from '../adapters/open-page-injection-background';

export default defineBackground(() => {
  // The pack is Firefox's only: its background page owns the engine; Chrome's offscreen document loads its own.
  startEngineBackground(() => import('../pack-updates/owner-initial-pack').then((m) => m.ownerInitialPack()));
  // Only runtime messages: engine ports go straight to the engine owner, never to the background.
  startFlagLogBackground();
  startHubUpload();
  startProfileRegistration();
  startPackUpdates();
  startConsentRelay();
  startPageCoverage();
  // Order screens whose patient and diagnoses sit in another frame: reads pass between frames here.
  startFrameRelay();
  // EMR tabs left open through an install or an update are checked without a reload.
  startOpenPageInjection();
});
