import type { KnowledgeMatch, KnowledgeRepository } from '../data/knowledge-repository.js';
import type { StoredSimilar } from '../data/schema.js';

/** Laplace-smoothed share of positive outcomes: 1/2 with no feedback, moving with each piece. */
const rate = (positive: number, negative: number): number => (positive + 1) / (positive + negative + 2);

/**
 * Text similarity weighed by how the workflow and its patterns fared: a workflow rejected again and
 * again sinks below an equally similar one that was deployed. Neutral (no feedback) leaves the text
 * rank as it is.
 */
export function scoreMatch(match: KnowledgeMatch): StoredSimilar {
  const { row } = match;
  const patternRates = row.patterns.map((pattern) => {
    const stats = match.patternStats[pattern];
    return stats ? rate(stats.positive, stats.negative) : 0.5;
  });
  const patternRate = patternRates.length ? patternRates.reduce((a, b) => a + b, 0) / patternRates.length : 0.5;
  const score = match.rank * (rate(row.positive, row.negative) / 0.5) * (patternRate / 0.5);
  const total = row.positive + row.negative;
  return {
    id: row.id,
    title: row.title,
    intent: row.intent,
    source: row.source.toUpperCase(),
    patterns: row.patterns,
    score: Math.round(score * 1e6) / 1e6,
    successRate: total === 0 ? null : row.positive / total,
  };
}

export async function similarWorkflows(knowledge: KnowledgeRepository, tenantId: string, intent: string, limit: number): Promise<StoredSimilar[]> {
  const matches = await knowledge.search(tenantId, intent, limit);
  return matches
    .map(scoreMatch)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
