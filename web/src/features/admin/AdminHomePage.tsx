import { Navigate } from 'react-router';

/** /admin opens the first admin screen. */
export default function AdminHomePage() {
  return <Navigate to="/admin/organizations" replace />;
}
