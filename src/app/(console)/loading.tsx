// Shown inside the console's shell while a page's server part renders: the navigation stays, the
// content area holds grey blocks shaped like a heading, figures and a table, announced as busy.
export default function ConsoleLoading() {
  return (
    <div className="skeleton" role="status" aria-busy="true" aria-live="polite">
      <span className="visually-hidden">Loading…</span>
      <div className="skeleton-block skeleton-title" />
      <div className="skeleton-row">
        <div className="skeleton-block skeleton-figure" />
        <div className="skeleton-block skeleton-figure" />
        <div className="skeleton-block skeleton-figure" />
      </div>
      <div className="skeleton-block skeleton-table" />
    </div>
  );
}
