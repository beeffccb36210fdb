import { describe, expect, it } from 'vitest';
import { routeFromHash } from './router';

describe('routeFromHash', () => {
  it('finds the screen in the hash, ignoring its query', () => {
    expect(routeFromHash('#/dashboard')).toBe('dashboard');
    expect(routeFromHash('#/dashboard?status=failed')).toBe('dashboard');
    expect(routeFromHash('#/trigger-stages')).toBe('trigger-stages');
    expect(routeFromHash('')).toBeNull();
    expect(routeFromHash('#/nowhere')).toBeNull();
  });
});
