import { createContext, useContext, useEffect, useState, type MouseEvent, type ReactNode } from 'react';

/** The console lives under /admin; its own paths are what follows. */
export const BASE = '/admin';

interface Location {
  path: string;
  query: URLSearchParams;
}

interface Router extends Location {
  navigate: (to: string) => void;
}

const RouterContext = createContext<Router | undefined>(undefined);

const current = (): Location => ({
  path: location.pathname.slice(BASE.length).replace(/\/$/, '') || '/',
  query: new URLSearchParams(location.search),
});

/** A small history router: the gateway answers every /admin path with the app, which picks the page. */
export function RouterProvider({ children }: { children: ReactNode }): ReactNode {
  const [here, setHere] = useState(current);
  useEffect(() => {
    const onPop = (): void => setHere(current());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = (to: string): void => {
    history.pushState(null, '', `${BASE}${to}`);
    setHere(current());
    window.scrollTo(0, 0);
  };
  return <RouterContext.Provider value={{ ...here, navigate }}>{children}</RouterContext.Provider>;
}

export function useRouter(): Router {
  const router = useContext(RouterContext);
  if (router === undefined) throw new Error('useRouter outside RouterProvider');
  return router;
}

/** A link inside the console: navigates without reloading, opens normally with a modifier key. */
export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }): ReactNode {
  const { navigate } = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>): void => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={`${BASE}${to}`} onClick={onClick} className={className}>
      {children}
    </a>
  );
}
