import { SiteProfileSchema, type SiteProfile } from '../profile-schema';
import demoOutpatient from './demo-outpatient.json';
import demoInpatient from './demo-inpatient.json';
import demoFhir from './demo-fhir.json';
import demoLegacy from './demo-legacy.json';
import demoHerbal from './demo-herbal.json';

/**
 * Profiles shipped with the extension, most specific first. They are parsed at load: a broken
 * built-in profile is a build error (tests/unit/adapters/profiles.test.ts), not a runtime state.
 */
export const BUILT_IN_PROFILES: readonly SiteProfile[] = [demoOutpatient, demoInpatient, demoFhir, demoLegacy, demoHerbal].map((raw) =>
  SiteProfileSchema.parse(raw),
);
