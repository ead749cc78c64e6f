import { startEngineBackground } from '../workers/engine-background';

export default defineBackground(() => {
  startEngineBackground();
});
