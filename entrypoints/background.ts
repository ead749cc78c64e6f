import { startEngineBackground } from '../workers/engine-background';
import { startFlagLogBackground } from '../log/flag-log-background';
import { startHubUpload } from '../log/upload/upload-background';
import { startProfileRegistration } from '../adapters/profile-registration-background';
import { startPackUpdates } from '../workers/pack-updates/start-pack-updates';
import { startConsentRelay } from '../components/consent/relay';
import { startPageCoverage } from '../adapters/page-coverage-background';

export default defineBackground(() => {
  startEngineBackground();
  // Only runtime messages: engine ports go straight to the engine owner, never to the background.
  startFlagLogBackground();
  startHubUpload();
  startProfileRegistration();
  startPackUpdates();
  startConsentRelay();
  startPageCoverage();
});
