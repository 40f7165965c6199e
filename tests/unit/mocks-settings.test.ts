import { describe, expect, it } from 'vitest';
import { checkSettings, settingsFromEnv } from '../../mocks/settings.js';

describe('mock settings', () => {
  it('default to no latency and no failures', () => {
    expect(settingsFromEnv({})).toEqual({ latencyMs: 0, failureRate: 0, mode: 'normal' });
  });

  it('take their defaults from MOCK_LATENCY_MS and MOCK_FAILURE_RATE', () => {
    expect(settingsFromEnv({ MOCK_LATENCY_MS: '25', MOCK_FAILURE_RATE: '0.1' })).toEqual({ latencyMs: 25, failureRate: 0.1, mode: 'normal' });
  });

  it('reject a malformed environment value, naming the variable and the value', () => {
    expect(() => settingsFromEnv({ MOCK_LATENCY_MS: 'fast' })).toThrow('MOCK_LATENCY_MS must be a non-negative number of milliseconds, got "fast"');
    expect(() => settingsFromEnv({ MOCK_FAILURE_RATE: '5%' })).toThrow('MOCK_FAILURE_RATE must be a number from 0 to 1, got "5%"');
  });

  it('reject an out-of-range update', () => {
    expect(() => checkSettings({ failureRate: 1.5 }, 'configure()')).toThrow('configure().failureRate must be a number from 0 to 1, got 1.5');
    expect(() => checkSettings({ mode: 'broken' }, 'config')).toThrow('config.mode must be one of normal, garbage, down');
  });
});
