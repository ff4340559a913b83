/** Latency percentiles and the table the bench prints. */

export interface Summary {
  label: string;
  /** Workers running at once (1 for the single-threaded engine baseline). */
  concurrency: number;
  /** Operations counted: completions for the engine and the service, transactions for `select 1`. */
  count: number;
  elapsedMs: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentile: the smallest sample with at least `p`% of samples at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(label: string, concurrency: number, latencies: readonly number[], elapsedMs: number): Summary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    label,
    concurrency,
    count: sorted.length,
    elapsedMs,
    perSecond: sorted.length / (elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

const ms = (value: number) => (value < 1 ? value.toFixed(3) : value < 100 ? value.toFixed(2) : value.toFixed(0));
const rate = (value: number) => (value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1));
export const ratio = (value: number) => (value >= 100 ? `${Math.round(value)}×` : value >= 10 ? `${value.toFixed(1)}×` : `${value.toFixed(2)}×`);

/** A fixed-width table; `extra` adds columns (e.g. ratios) computed per row. */
export function table<T extends Summary>(rows: readonly T[], extra: { header: string; cell: (row: T) => string }[] = []): string {
  const headers = ['configuration', 'conc', 'ops', 'secs', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', ...extra.map((e) => e.header)];
  const cells = rows.map((r) => [r.label, String(r.concurrency), String(r.count), (r.elapsedMs / 1000).toFixed(2), rate(r.perSecond), ms(r.p50), ms(r.p95), ms(r.p99), ...extra.map((e) => e.cell(r))]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  // The label column reads left-aligned, figures right-aligned so their digits line up.
  const line = (c: readonly string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
