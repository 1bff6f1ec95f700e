import { useDocumentTitle } from "../lib/use-document-title.ts";
import { Link } from "../router.tsx";

export function NotFoundPage() {
  useDocumentTitle("Page not found");
  return (
    <main className="auth-page">
      <section className="card auth-card not-found">
        <p className="not-found-code">404</p>
        <h1 className="auth-title">Page not found</h1>
        <p className="muted">The page you are looking for doesn't exist or has moved.</p>
        <Link className="btn btn-primary" to="/">
          Go home
        </Link>
      </section>
    </main>
  );
}
