// A field's error sentence, under its input (aria-live so a screen reader hears it appear).
export function FieldError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <span className="error field-error" aria-live="polite">
      {message}
    </span>
  );
}
