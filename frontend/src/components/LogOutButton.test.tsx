import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { fakeFetch } from '../test/fakeFetch';
import { renderWithProviders } from '../test/render';
import { LogOutButton } from './LogOutButton';

describe('LogOutButton', () => {
  it('posts to the logout address when assessbridge runs behind the admin login', async () => {
    fakeFetch({ 'GET /api/session': { adminLogin: true, logoutPath: '/logout' } });
    renderWithProviders(<LogOutButton />);
    const button = await screen.findByRole('button', { name: 'Log out' });
    const form = button.closest('form');
    expect(form).not.toBeNull();
    expect(form?.getAttribute('method')).toBe('post');
    expect(form?.getAttribute('action')).toBe('/logout');
  });

  it('is not there without an admin login (the desktop window, serve on loopback)', async () => {
    const { calls } = fakeFetch({ 'GET /api/session': { adminLogin: false } });
    renderWithProviders(<LogOutButton />);
    await expect.poll(() => calls.length).toBe(1);
    expect(screen.queryByRole('button', { name: 'Log out' })).toBeNull();
  });
});
