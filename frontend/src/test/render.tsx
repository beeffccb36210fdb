import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { Providers } from '../Providers';

/** Renders a screen with the app's providers and a fresh cache that does not retry. */
export function renderWithProviders(ui: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  return { client, ...render(<Providers client={client}>{ui}</Providers>) };
}
