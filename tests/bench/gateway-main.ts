import { DEPARTMENTS, loadConfig, type DepartmentKey } from '../../src/config.js';
import { startGateway } from '../../src/server.js';

// The gateway as `npm start` builds it, on the departments the bench started (every
// UPSTREAM_<DEPT>_URL is set). The bench stops the load before it stops the gateway, so there is
// nothing to drain: SIGTERM exits at once, which is also when --cpu-prof writes its profile.
const config = loadConfig();
const upstreams = Object.fromEntries(
  DEPARTMENTS.map((key) => {
    const url = config.departments[key].url;
    if (!url) throw new Error(`UPSTREAM_*_URL is not set for ${key}`);
    return [key, url];
  }),
) as Record<DepartmentKey, string>;
await startGateway({ config, upstreams });
process.once('SIGTERM', () => process.exit(0));
