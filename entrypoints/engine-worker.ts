import * as Comlink from 'comlink';
import { EngineHost } from '../workers/engine-host';

/** The engine worker (`/engine-worker.js`): the pure engine host, exposed to its owner with comlink. */
export default defineUnlistedScript(() => {
  Comlink.expose(new EngineHost());
});
