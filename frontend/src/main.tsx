import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { notifyManager } from '@tanstack/react-query';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { makeQueryClient, Providers } from './Providers';
import { App } from './App';
import { startFirstRequests } from './api/startup';
import { prepareFormatters } from './lib/format';

performance.mark('assessbridge:script');

// What the first screen shows is asked for now, all at once, while the shell is drawn: the screen
// then finds its answers in the cache rather than asking in turns as each part mounts.
const queryClient = makeQueryClient();
void startFirstRequests(queryClient, window.location.hash).then(() => performance.mark('assessbridge:first-answers'));

// In a task of its own, before the first data arrives.
setTimeout(prepareFormatters, 0);

// What the server sends is drawn in transitions too: a page of fifty candidates, or a live update,
// is then drawn in slices between frames, and typing or clicking meanwhile is answered first.
notifyManager.setBatchNotifyFunction((notify) => startTransition(notify));

// The first render, in a transition: React draws the shell and the first
// screen in slices between frames rather than in one long task.
startTransition(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <Providers client={queryClient}>
        <App />
      </Providers>
    </StrictMode>,
  );
});
