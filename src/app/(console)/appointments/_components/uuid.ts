/** Whether a URL segment can be an id at all (anything else is a 404 without asking the server). */
export const isUuid = (text: string | null | undefined): text is string =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text ?? '');
