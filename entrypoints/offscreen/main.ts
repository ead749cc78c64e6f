import { startEngineOwner } from '../../workers/engine-owner-runtime';

/**
 * The stored active pack (verified again), else the built-in one. Loaded on demand: the pack
 * schema and the store would otherwise delay the listeners this document must register first.
 */
const ownerInitialPack = () => import('../../pack-updates/owner-initial-pack').then((m) => m.ownerInitialPack());

// The offscreen document (reason WORKERS) exists only to own the engine worker on Chrome.
startEngineOwner(ownerInitialPack);
