import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { realServices } from './app/real-services.js';
import { ServicesProvider } from './app/services.js';
import './ui/tokens.css';
import './ui/base.css';
import './ui/components.css';
import './app/shell.css';
import './screens/screens.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <ServicesProvider services={realServices()}>
      <App />
    </ServicesProvider>
  </StrictMode>,
);
