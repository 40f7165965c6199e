import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const production = {
  NODE_ENV: 'production',
  AUTH_PUBLIC_KEY: 'x',
  PUBLIC_URL: 'https://one-window.example',
  HOOK_SECRET_CIVIL_AFFAIRS: 'civil-affairs-production-secret',
  HOOK_SECRET_HOUSING: 'housing-production-secret-value',
  HOOK_SECRET_HEALTH: 'health-production-secret-value',
};

describe('configuration', () => {
  it('runs on one laptop with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, redisUrl: undefined, databaseUrl: undefined, introspection: true });
    expect(config.departments.housing).toMatchObject({ url: undefined, maxBatch: 50, timeoutMs: 2000, cacheTtlSeconds: 60 });
  });

  it('reads each department’s settings under its own prefix', () => {
    const config = loadConfig({ UPSTREAM_HEALTH_URL: 'http://fhir.internal/', UPSTREAM_HEALTH_TIMEOUT_MS: '800' });
    expect(config.departments.health).toMatchObject({ url: 'http://fhir.internal', timeoutMs: 800 });
    expect(config.departments.civilAffairs.timeoutMs).toBe(2000);
  });

  it('takes a department URL as its origin', () => {
    expect(loadConfig({ UPSTREAM_HOUSING_URL: 'https://api.city.gov:8443/' }).departments.housing.url).toBe('https://api.city.gov:8443');
  });

  // The department client pools connections to one origin: anything more used to stop start-up with undici's "invalid url".
  it.each(['https://api.city.gov/zjw', 'https://api.city.gov/?v=2', 'https://api.city.gov/#x', 'https://user:secret@api.city.gov', 'ftp://api.city.gov'])(
    'refuses UPSTREAM_HOUSING_URL=%s, naming the variable and what is expected',
    (url) => {
      expect(() => loadConfig({ UPSTREAM_HOUSING_URL: url })).toThrow(/UPSTREAM_HOUSING_URL: expected an origin \(http\[s\]:\/\/host\[:port\]\)/);
    },
  );

  it('names every bad value at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', UPSTREAM_HOUSING_MAX_BATCH: '0', REDIS_URL: 'not a url' })).toThrow(
      /PORT[\s\S]*REDIS_URL|REDIS_URL[\s\S]*PORT/,
    );
    expect(() => loadConfig({ UPSTREAM_HOUSING_MAX_BATCH: '0' })).toThrow(/UPSTREAM_HOUSING_MAX_BATCH/);
  });

  it('starts in production with every secret and address set, and introspection off', () => {
    expect(loadConfig(production).introspection).toBe(false);
  });

  it.each(['PUBLIC_URL', 'HOOK_SECRET_HOUSING', 'AUTH_PUBLIC_KEY'])('refuses to start in production without %s', (name) => {
    const { [name as keyof typeof production]: _, ...rest } = production;
    expect(() => loadConfig(rest)).toThrow(name === 'AUTH_PUBLIC_KEY' ? /AUTH_JWKS_URL or AUTH_PUBLIC_KEY/ : new RegExp(name));
  });
});
