import { Suspense, type ReactNode } from 'react';
import { createBrowserRouter, generatePath, Navigate, useLocation, useParams } from 'react-router';
import { useSession, useUser } from '../api/useSession';
import { PageLoading } from '../components/Spinner';
import { Shell } from './Shell';
import { RouteError, PageErrorBoundary } from './RouteError';
import { homeFor, portalRoutes, type AppRoute } from './routes';
import NotFoundPage from './NotFoundPage';
import { lazyPage } from './lazyPage';

export const LoginPage = lazyPage(() => import('../features/auth/LoginPage'));

/** Anonymous users go to /login?next=<where they were>. */
function RequireAuth({ children }: { children: ReactNode }) {
  const { user, loggedOut } = useSession();
  const location = useLocation();
  if (!user && loggedOut) return <Navigate to="/login" replace />;
  if (!user) {
    const next = location.pathname + location.search + location.hash;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

function Guarded({ route }: { route: AppRoute }) {
  const user = useUser();
  const params = useParams();
  if (user && !route.roles.includes(user.role)) {
    return <Navigate to={route.othersTo ? generatePath(route.othersTo, params) : homeFor(user.role)} replace />;
  }
  const { Page } = route;
  const page = (
    <PageErrorBoundary resetKey={route.path}>
      <Page />
    </PageErrorBoundary>
  );
  // Public pages (the knowledge base) also open without a login; the rest need one.
  return route.public ? page : <RequireAuth>{page}</RequireAuth>;
}

function Home() {
  const user = useUser();
  return <Navigate to={user ? homeFor(user.role) : '/login'} replace />;
}

export const router = createBrowserRouter([
  {
    path: '/login',
    errorElement: <RouteError />,
    element: (
      <Suspense fallback={<PageLoading />}>
        <LoginPage />
      </Suspense>
    ),
  },
  {
    path: '/',
    errorElement: <RouteError />,
    // The shell also serves visitors without a login (public pages); each route checks its own access.
    element: <Shell />,
    children: [
      { index: true, element: <Home /> },
      ...portalRoutes.map((r) => ({ path: r.path, element: <Guarded route={r} />, errorElement: <RouteError /> })),
      {
        path: '*',
        element: (
          <RequireAuth>
            <NotFoundPage />
          </RequireAuth>
        ),
      },
    ],
  },
]);
