// The path of a request target as it arrived. Node passes any target its parser accepts, and
// `new URL` throws on some of them ("//[" is one): in a response's 'finish' listener that throw
// was an uncaught exception that ended the web process. So this never throws.
export function requestPath(target: string | undefined): string {
  try {
    return new URL(target ?? '/', 'http://local').pathname;
  } catch {
    return '/';
  }
}
