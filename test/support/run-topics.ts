import { Kafka, logLevel } from 'kafkajs';

/** The suffix a run's topics and consumer groups carry on the shared broker (see live-platform's scopedToRun). */
export const runSuffix = (run: string): string => `.e2e-${run}`;

/** The run's topics, their dead-letter topics included (`<topic>.e2e-<run>.dlq`). */
export const isRunTopic = (name: string, run: string): boolean => name.endsWith(runSuffix(run)) || name.endsWith(`${runSuffix(run)}.dlq`);

export interface RunTopicCleanup {
  deleted: string[];
  /** Why nothing or not everything was deleted; the run's teardown goes on regardless. */
  error?: string;
}

/**
 * Deletes the topics a run created on the shared broker, which otherwise would pile up there run
 * after run (consumer groups expire with their offsets; topics never do). Best-effort and bounded by
 * `timeoutMs`: a broker that is slow or gone must not fail, or hold up, a suite's teardown.
 */
export async function deleteRunTopics(brokers: readonly string[], run: string, timeoutMs = 10_000): Promise<RunTopicCleanup> {
  const admin = new Kafka({ clientId: `e2e-cleanup-${run}`, brokers: [...brokers], logLevel: logLevel.NOTHING, retry: { retries: 2 } }).admin();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`topic cleanup took over ${timeoutMs} ms`)), timeoutMs);
  });
  const deleted: string[] = [];
  const work = (async () => {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((name) => isRunTopic(name, run));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: timeoutMs });
    deleted.push(...topics);
  })();
  try {
    await Promise.race([work, deadline]);
    return { deleted };
  } catch (error) {
    work.catch(() => undefined);
    return { deleted, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
    await Promise.race([admin.disconnect(), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]).catch(() => undefined);
  }
}
