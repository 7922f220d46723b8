// The alert drills' bridge to Prometheus: scrape this process's real registry (the text exposition
// /metrics serves), turn the scraped samples of the metrics an alert reads into a `promtool test
// rules` file over the repo's alerts.yml, and run promtool on it.
//
// Time model. A drill scrapes at real moments (before the failure, after it, after the repair).
// In the generated test each minute is one scrape: a gauge holds the value it had in the scrape
// its phase names; a counter (and each histogram bucket) rises every minute by what it rose
// between the phase's two scrapes, i.e. the failure seen in the drill's window happens again in
// every scrape interval of the phase. Nothing is typed by hand: a metric that is renamed, or a
// failure that no longer moves it, leaves the series flat or absent and the drill fails.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getRegistry } from '../../src/server/obs/metrics';

export const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';
export const RULES_FILE = path.resolve(import.meta.dirname, '../../docs/ops/prometheus/alerts.yml');
/** The labels Prometheus adds to every series it scrapes from this target. */
export const TARGET = { job: 'switchboard-drill', instance: 'drill:9465' };

type Labels = Record<string, string>;
export type Sample = { name: string; labels: Labels; value: number };
export type Scrape = { samples: Sample[]; types: Map<string, string>; text: string };

// ---------------------------------------------------------------- scraping

/** One scrape of the real registry, as GET /metrics would serve it, parsed. */
export async function scrape(): Promise<Scrape> {
  return parseExposition(await getRegistry().metrics());
}

function parseLabels(body: string): Labels {
  const labels: Labels = {};
  const re = /\s*([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/y;
  let at = 0;
  while (at < body.length) {
    re.lastIndex = at;
    const m = re.exec(body);
    if (!m) throw new Error(`unparsable labels: {${body}}`);
    labels[m[1]!] = m[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    at = re.lastIndex;
  }
  return labels;
}

/** Go's ParseFloat rules for the specials, as Prometheus reads them (prom-client writes `Nan`). */
function parseValue(text: string): number {
  const special = text.toLowerCase();
  if (special === '+inf' || special === 'inf') return Infinity;
  if (special === '-inf') return -Infinity;
  if (special === 'nan') return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`unparsable sample value ${text}`);
  return value;
}

/** The Prometheus text format (version 0.0.4), as prom-client writes it. */
export function parseExposition(text: string): Scrape {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    if (line.startsWith('#')) continue;
    const m = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/.exec(line);
    if (!m) throw new Error(`unparsable exposition line: ${line}`);
    samples.push({ name: m[1]!, labels: parseLabels(m[2] ?? ''), value: parseValue(m[3]!) });
  }
  return { samples, types, text };
}

/** The one sample of `name` with exactly these labels (absent: undefined). */
export function valueIn(s: Scrape, name: string, labels: Labels = {}): number | undefined {
  const key = seriesKey(name, labels);
  return s.samples.find((x) => seriesKey(x.name, x.labels) === key)?.value;
}

/** Cumulative: a counter, or a histogram's or summary's _bucket, _sum and _count (by # TYPE). */
function cumulative(s: Scrape, name: string): boolean {
  const own = s.types.get(name);
  if (own) return own === 'counter';
  const family = /^(.*)_(bucket|sum|count)$/.exec(name)?.[1];
  const type = family ? s.types.get(family) : undefined;
  return type === 'histogram' || type === 'summary';
}

// ---------------------------------------------------------------- what a rule reads

type Rule = { kind: 'alert' | 'record'; name: string; expr: string };

/** The rules of alerts.yml: a small reader for this file's own shape (promtool checks the YAML). */
export function readRules(file = RULES_FILE): Rule[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const rules: Rule[] = [];
  let current: Rule | undefined;
  lines.forEach((line, i) => {
    const head = /^\s*- (alert|record):\s*(\S+)\s*$/.exec(line);
    if (head) {
      current = { kind: head[1] as Rule['kind'], name: head[2]!, expr: '' };
      rules.push(current);
      return;
    }
    if (!current) return;
    const m = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (!m) return;
    const [, indent = '', inline = ''] = m;
    if (!/^[>|]-?$/.test(inline)) return void (current.expr = inline);
    const block: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const next = lines[j] ?? '';
      if (next.trim() && next.search(/\S/) <= indent.length) break;
      block.push(next.trim());
    }
    current.expr = block.join(' ');
  });
  return rules;
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'inf']);

function namesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  return [...stripped.matchAll(/[A-Za-z_:][\w:]*/g)]
    .filter((m) => !/^\s*\(/.test(stripped.slice((m.index ?? 0) + m[0].length)))
    .map((m) => m[0])
    .filter((name) => !KEYWORDS.has(name.toLowerCase()));
}

/** The scraped metrics an alert reads, through the recording rules it reads. */
export function metricsReadBy(alert: string, rules = readRules()): string[] {
  const rule = rules.find((r) => r.kind === 'alert' && r.name === alert);
  if (!rule) throw new Error(`no alert ${alert} in ${RULES_FILE}`);
  const out = new Set<string>();
  const visit = (expr: string) => {
    for (const name of namesIn(expr)) {
      const recorded = rules.find((r) => r.kind === 'record' && r.name === name);
      if (recorded) visit(recorded.expr);
      else out.add(name);
    }
  };
  visit(rule.expr);
  return [...out].sort();
}

// ---------------------------------------------------------------- scrapes → input series

/**
 * `minutes` scrapes at one-minute intervals. Gauges take their value in `to`; counters rise each
 * minute by their increase from `from` to `to` (no `from`: they stay flat at `to`'s value).
 */
export type Phase = { from?: Scrape; to: Scrape; minutes: number };
export const hold = (to: Scrape, minutes: number): Phase => ({ to, minutes });
export const repeat = (from: Scrape, to: Scrape, minutes: number): Phase => ({
  from,
  to,
  minutes,
});

function seriesKey(name: string, labels: Labels): string {
  const body = Object.keys(labels)
    .sort()
    .map(
      (k) =>
        `${k}="${labels[k]!.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
    )
    .join(', ');
  return `${name}{${body}}`;
}

const num = (v: number) =>
  v === Infinity ? 'Inf' : v === -Infinity ? '-Inf' : Number.isNaN(v) ? 'NaN' : String(v);

/** promtool's expanding notation for one series over the phases. */
function valuesOf(name: string, labels: Labels, phases: Phase[], isCounter: boolean): string {
  const at = (s: Scrape | undefined) => (s ? valueIn(s, name, labels) : undefined);
  const parts: string[] = [];
  if (isCounter) {
    // Starts where the first scrape had it (a counter not yet exported is 0), then only rises.
    let current = at(phases[0]!.from) ?? at(phases[0]!.to) ?? 0;
    phases.forEach((p, i) => {
      const step = p.from ? (at(p.to) ?? 0) - (at(p.from) ?? 0) : 0;
      if (step < 0) throw new Error(`${seriesKey(name, labels)} fell between two scrapes`);
      const first = i === 0 ? current : current + step;
      parts.push(p.minutes === 1 ? num(first) : `${num(first)}+${num(step)}x${p.minutes - 1}`);
      current = first + step * (p.minutes - 1);
    });
  } else {
    for (const p of phases) {
      const v = at(p.to);
      if (v === undefined) parts.push(`_x${p.minutes}`);
      else parts.push(p.minutes === 1 ? num(v) : `${num(v)}x${p.minutes - 1}`);
    }
  }
  return parts.join(' ');
}

type InputSeries = { series: string; values: string };

/** Every series of `metrics` found in any scrape of the phases, with the target's labels. */
export function inputSeries(metrics: string[], phases: Phase[]): InputSeries[] {
  const scrapes = phases.flatMap((p) => (p.from ? [p.from, p.to] : [p.to]));
  const found = new Map<string, { name: string; labels: Labels; counter: boolean }>();
  for (const s of scrapes)
    for (const sample of s.samples)
      if (metrics.includes(sample.name))
        found.set(seriesKey(sample.name, sample.labels), {
          name: sample.name,
          labels: sample.labels,
          counter: cumulative(s, sample.name),
        });
  return [...found.values()].map(({ name, labels, counter }) => ({
    series: seriesKey(name, { ...labels, ...TARGET }),
    values: valuesOf(name, labels, phases, counter),
  }));
}

// ---------------------------------------------------------------- promtool

export type ExpectedAlert = { labels: Labels; annotations: Labels };
export type DrillCase = {
  name: string;
  phases: Phase[];
  /** Alerts expected at the last minute of the phases ([]: none). */
  fires: ExpectedAlert[];
};

/** The generated test file, its text and promtool's answer: kept for the failure message. */
export type PromtoolRun = { ok: boolean; file: string; test: string; output: string };

function runPromtool(file: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(PROMTOOL, ['test', 'rules', file], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
}

/** Builds one `promtool test rules` file for `alert` with a test per case, and runs it. */
export async function promtoolTest(alert: string, cases: DrillCase[]): Promise<PromtoolRun> {
  if (!existsSync(PROMTOOL))
    throw new Error(
      `promtool not found at ${PROMTOOL}: the alert drills need it. Install Debian's prometheus ` +
        `package (apt-get install -y prometheus; .ci/run does this) or set PROMTOOL_PATH.`,
    );
  const metrics = metricsReadBy(alert);
  const tests = cases.map((c) => {
    const series = inputSeries(metrics, c.phases);
    if (c.fires.length > 0 && series.length === 0)
      throw new Error(
        `${alert} / ${c.name}: the scrapes hold none of the metrics the rule reads (${metrics.join(', ')})`,
      );
    const minutes = c.phases.reduce((n, p) => n + p.minutes, 0);
    return {
      name: `${alert}: ${c.name}`,
      interval: '1m',
      input_series: series,
      alert_rule_test: [
        {
          eval_time: `${minutes - 1}m`,
          alertname: alert,
          exp_alerts: c.fires.map((a) => ({
            exp_labels: a.labels,
            exp_annotations: a.annotations,
          })),
        },
      ],
    };
  });
  // JSON is YAML: promtool reads it as is.
  const test = JSON.stringify(
    { rule_files: [RULES_FILE], evaluation_interval: '1m', tests },
    null,
    2,
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'alert-drill-'));
  const file = path.join(dir, `${alert}.test.yml`);
  writeFileSync(file, test);
  const { code, output } = await runPromtool(file);
  if (code === 0) rmSync(dir, { recursive: true, force: true });
  return { ok: code === 0, file, test, output };
}

/** promtool must pass every case; the message carries its answer and the generated input. */
export async function expectPromtool(alert: string, cases: DrillCase[]): Promise<void> {
  const run = await promtoolTest(alert, cases);
  if (!run.ok)
    throw new Error(
      `promtool test rules failed for ${alert} (${run.file}):\n${run.output}\n--- generated test:\n${run.test}`,
    );
}
