import { HealthChecks } from './health-checks';

export default function HealthPage() {
  return (
    <>
      <h1>Health</h1>
      <HealthChecks />
    </>
  );
}
