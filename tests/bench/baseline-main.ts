import { createBaseline } from './baseline.js';

// The baseline aggregator as its own process, so its CPU time and memory are its own.
const { UPSTREAM_CIVIL_AFFAIRS_URL, UPSTREAM_HOUSING_URL, UPSTREAM_HEALTH_URL, PORT } = process.env;
if (!UPSTREAM_CIVIL_AFFAIRS_URL || !UPSTREAM_HOUSING_URL || !UPSTREAM_HEALTH_URL || !PORT) {
  throw new Error('Set UPSTREAM_CIVIL_AFFAIRS_URL, UPSTREAM_HOUSING_URL, UPSTREAM_HEALTH_URL and PORT');
}
const baseline = createBaseline({ civilAffairs: UPSTREAM_CIVIL_AFFAIRS_URL, housing: UPSTREAM_HOUSING_URL, health: UPSTREAM_HEALTH_URL });
baseline.server.listen(Number(PORT), '127.0.0.1');
process.once('SIGTERM', () => void baseline.close().then(() => process.exit(0)));
