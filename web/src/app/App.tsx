import { QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { LiveUpdatesProvider } from '../api/live';
import { queryClient } from '../api/queryClient';
import i18n from '../i18n';
import { router } from './router';

export function App() {
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <LiveUpdatesProvider>
          <RouterProvider router={router} />
        </LiveUpdatesProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
