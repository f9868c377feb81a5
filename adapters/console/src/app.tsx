// The console's shell: the key, the navigation and the page the hash route names.
import { useEffect, useState } from 'preact/hooks';
import { KeyForm } from './key-form.tsx';
import { AccountPanel } from './panels/account/account-panel.tsx';
import { AlertsPanel } from './panels/alerts/alerts-panel.tsx';
import { HealthPanel } from './panels/health/health-panel.tsx';
import { IncidentsPanel } from './panels/incidents/incidents-panel.tsx';
import { type Route, routeOf } from './route.ts';
import { forgetApiKey, storedApiKey } from './session/api-key.ts';

const pages: ReadonlyArray<Readonly<{ page: Route['page']; href: string; label: string }>> = [
  { page: 'account', href: '#/account', label: 'Account' },
  { page: 'incidents', href: '#/incidents', label: 'Incidents' },
  { page: 'alerts', href: '#/alerts', label: 'Fraud alerts' },
  { page: 'health', href: '#/health', label: 'Health' },
];

const Page = ({ route }: Readonly<{ route: Route }>) => {
  switch (route.page) {
    case 'account':
      return <AccountPanel accountId={route.accountId} />;
    case 'incidents':
      return <IncidentsPanel />;
    case 'alerts':
      return <AlertsPanel />;
    case 'health':
      return <HealthPanel />;
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
};

export const App = () => {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  const [signedIn, setSignedIn] = useState(() => storedApiKey() !== undefined);
  useEffect(() => {
    const onHash = () => setRoute(routeOf(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return (
    <div class="shell">
      <a class="skip-link" href="#main">Skip to content</a>
      <header>
        <h1>wallet-ledger console</h1>
        <nav aria-label="Pages">
          <ul>
            {pages.map(({ page, href, label }) => (
              <li key={page}>
                <a href={href} aria-current={route.page === page ? 'page' : undefined}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
        {signedIn ? (
          <button type="button" class="sign-out" onClick={() => { forgetApiKey(); setSignedIn(false); }}>Forget key</button>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {signedIn ? <Page route={route} /> : <KeyForm onKey={() => setSignedIn(true)} />}
      </main>
    </div>
  );
};
