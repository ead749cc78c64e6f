import { startEngineOwner } from '../../workers/engine-owner-runtime';

// The offscreen document (reason WORKERS) exists only to own the engine worker on Chrome.
startEngineOwner();
