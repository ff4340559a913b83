import kafkajs from 'kafkajs';

// A CommonJS module whose errors Node's ESM loader cannot see as named exports.
const { KafkaJSError } = kafkajs;

export interface RetryBudget {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_BUDGET: RetryBudget = { attempts: 12, initialDelayMs: 50, maxDelayMs: 1_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `operation` again while it fails with an error Kafka marks retriable. Some kafkajs admin
 * calls (fetchTopicOffsets among them) give up on the first NOT_LEADER_OR_FOLLOWER, which a
 * broker returns for a moment after a topic's creation, while its partitions are still loading.
 */
export async function retryRetriable<T>(operation: () => Promise<T>, budget: RetryBudget = DEFAULT_BUDGET): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof KafkaJSError) || !error.retriable || attempt >= budget.attempts) throw error;
      await sleep(Math.min(budget.maxDelayMs, budget.initialDelayMs * 2 ** (attempt - 1)));
    }
  }
}
