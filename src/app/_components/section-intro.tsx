/** Heading and purpose of a console section that has no records to show yet. */
export function SectionIntro({ title, description }: { title: string; description: string }) {
  return (
    <>
      <h1>{title}</h1>
      <div className="card">
        <p className="muted">{description}</p>
        <p className="muted">Nothing here yet for this workspace.</p>
      </div>
    </>
  );
}
