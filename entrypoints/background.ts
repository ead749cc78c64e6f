import { startEngineBackground } from '../workers/engine-background';
import { startFlagLogBackground } from '../log/flag-log-background';

export default defineBackground(() => {
  startEngineBackground();
  // Only runtime messages: engine ports go straight to the engine owner, never to the background.
  startFlagLogBackground();
});
