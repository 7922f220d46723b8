import { getRegistry } from '../../src/server/obs/metrics';

/** A counter's or gauge's current value for the given labels (0 when never touched). */
export async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await getRegistry().getSingleMetric(name)?.get();
  const match = metric?.values.find((v) =>
    Object.entries(labels).every(
      ([k, val]) => String((v.labels as Record<string, unknown>)[k]) === val,
    ),
  );
  return Number(match?.value ?? 0);
}
