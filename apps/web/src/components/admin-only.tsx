/** What a member (not an admin) sees on an admin page. */
export function AdminOnly({ title, message }: { title: string; message: string }) {
  return (
    <div className="page">
      <header className="page-header">
        <h1>{title}</h1>
      </header>
      <div className="card empty-state">
        <p className="empty-state-title">{message}</p>
        <p className="muted">Ask an admin of your workspace if you need a change.</p>
      </div>
    </div>
  );
}
