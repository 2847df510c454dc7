import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './components/tokens.css';
import './components/base.css';
import './components/components.css';
import { i18nReady } from './i18n';
import { App } from './app/App';
import { boot } from './app/boot';

const root = document.getElementById('root');
if (!root) throw new Error('no #root');

void Promise.all([i18nReady, boot()]).then(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
