// The Grafana dashboard and the alert rules name only metrics the registry exports, so renaming a
// metric breaks this test instead of silently blanking a panel or an alert. Also: every alert has
// a severity, its annotations and a runbook that exists and is indexed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getRegistry } from '../../src/server/obs/metrics';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const rulesText = read('docs/ops/prometheus/alerts.yml');

type Panel = {
  type: string;
  title?: string;
  datasource?: { uid?: string };
  targets?: { expr: string }[];
  panels?: Panel[];
};
type Dashboard = {
  title: string;
  templating: { list: { name: string; type: string; query: string }[] };
  panels: Panel[];
};

const flatten = (panels: Panel[]): Panel[] =>
  panels.flatMap((p) => [p, ...flatten(p.panels ?? [])]);

/**
 * The `expr:` values of the rule file, inline or as a folded block (`>-` and its indented
 * lines). No YAML library is a dependency, and this file's shape is ours; promtool checks the
 * YAML itself.
 */
function ruleExpressions(text: string): string[] {
  const lines = text.split('\n');
  const exprs: string[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (!m) return;
    const [, indent = '', inline = ''] = m;
    if (!/^[>|]-?$/.test(inline)) return void exprs.push(inline);
    const block: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j] ?? '';
      if (next.trim() && next.search(/\S/) <= indent.length) break;
      block.push(next.trim());
    }
    exprs.push(block.join(' '));
  });
  return exprs;
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on']);

/** Metric names in a PromQL expression: identifiers that are not functions, keywords or labels. */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = [...stripped.matchAll(/[A-Za-z_:][\w:]*/g)]
    .filter((m) => !/^\s*\(/.test(stripped.slice((m.index ?? 0) + m[0].length)))
    .map((m) => m[0])
    .filter((name) => !KEYWORDS.has(name));
  return [...new Set(names)];
}

async function exportedNames(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const m of await getRegistry().getMetricsAsJSON()) {
    names.add(m.name);
    const type = String(m.type);
    if (type === 'histogram' || type === 'summary')
      for (const suffix of ['_sum', '_count', ...(type === 'histogram' ? ['_bucket'] : [])])
        names.add(`${m.name}${suffix}`);
  }
  return names;
}

const recorded = new Set([...rulesText.matchAll(/^\s*- record:\s*(\S+)/gm)].map((m) => m[1]));

function unknownNames(exprs: string[], exported: Set<string>): string[] {
  return [
    ...new Set(
      exprs
        .flatMap(metricNames)
        .filter((n) => (n.includes(':') ? !recorded.has(n) : !exported.has(n))),
    ),
  ];
}

describe('metric name extraction', () => {
  it('finds metrics, not functions, labels, ranges or keywords', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (task, le) (rate(job_duration_seconds_bucket{outcome="x"}[$__rate_interval]))) > 1 and on (task) up_total',
      ),
    ).toEqual(['job_duration_seconds_bucket', 'up_total']);
  });
});

describe('Grafana dashboard docs/ops/grafana/switchboard.json', () => {
  const dashboard = JSON.parse(read('docs/ops/grafana/switchboard.json')) as Dashboard;
  const panels = flatten(dashboard.panels).filter((p) => p.type !== 'row');

  it('has a Prometheus ${datasource} variable that every panel uses', () => {
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
    );
    expect(panels.length).toBeGreaterThan(10);
    for (const p of panels) expect(p.datasource?.uid, p.title).toBe('${datasource}');
  });

  it('queries only metrics the registry exports', async () => {
    const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(10);
    expect(unknownNames(exprs, await exportedNames())).toEqual([]);
  });

  it('shows every metric the alerts are built on', () => {
    const shown = new Set(
      panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr))),
    );
    const base = (n: string) => n.replace(/_(bucket|sum|count)$/, '');
    const shownBase = new Set([...shown].map(base));
    const alerted = ruleExpressions(rulesText)
      .flatMap(metricNames)
      .filter((n) => !n.includes(':'));
    expect(alerted.filter((n) => !shownBase.has(base(n)))).toEqual([]);
  });
});

describe('alert rules docs/ops/prometheus/alerts.yml', () => {
  const alerts = rulesText
    .split(/^\s*- alert:\s*/m)
    .slice(1)
    .map((block) => ({
      name: block.split('\n', 1)[0]?.trim() ?? '',
      severity: /^\s*severity:\s*(\S+)/m.exec(block)?.[1],
      summary: /^\s*summary:/m.test(block),
      description: /^\s*description:/m.test(block),
      runbook: /^\s*runbook_url:\s*(\S+)/m.exec(block)?.[1],
    }));

  it('build on metrics the registry exports (or on rules recorded in the same file)', async () => {
    const exprs = ruleExpressions(rulesText);
    expect(exprs.length).toBe(alerts.length + recorded.size);
    expect(unknownNames(exprs, await exportedNames())).toEqual([]);
  });

  it('each have a severity, a summary, a description and a runbook that exists and is indexed', () => {
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    const index = read('docs/runbooks/README.md');
    for (const a of alerts) {
      const kebab = a.name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
      expect(['page', 'ticket'], a.name).toContain(a.severity);
      expect(a, a.name).toMatchObject({
        summary: true,
        description: true,
        runbook: `docs/runbooks/${kebab}.md`,
      });
      expect(existsSync(path.join(root, a.runbook ?? '')), a.runbook).toBe(true);
      expect(index, a.name).toContain(`(${kebab}.md)`);
    }
  });
});
