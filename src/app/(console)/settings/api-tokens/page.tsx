import { ApiTokens } from './api-tokens';

export default function ApiTokensPage() {
  return (
    <>
      <h1>API tokens</h1>
      <p className="muted">
        Bearer tokens for the mobile app and scripts. A token is shown once, when it is created.
      </p>
      <ApiTokens />
    </>
  );
}
