import { z } from 'zod';
import { loadConfig, type Env } from '@flowgraph/shared';

export const aiEnvShape = {
  /** `planner` (deterministic, offline: the default) or `openai` (any OpenAI-compatible chat-completions API). */
  AI_PROVIDER: z.enum(['planner', 'openai']).default('planner'),
  AI_BASE_URL: z.url().default('https://open.bigmodel.cn/api/paas/v4'),
  AI_MODEL: z.string().min(1).default('glm-4.6'),
  AI_API_KEY: z.string().optional(),
  AI_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  AI_PROVIDER_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  AI_MAX_RETRY_AFTER_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  AI_REPAIR_ROUNDS: z.coerce.number().int().min(0).max(10).default(2),
  AI_MAX_ACTIVE_GENERATIONS: z.coerce.number().int().min(1).max(1000).default(3),
  AI_GENERATION_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(180_000),
};

export type AiOptions = z.infer<z.ZodObject<typeof aiEnvShape>>;

export const aiOptionsFromEnv = (env: Env = process.env): AiOptions => {
  const options = loadConfig('ai', aiEnvShape, env);
  if (options.AI_PROVIDER === 'openai' && !options.AI_API_KEY && !/^https?:\/\/(127\.0\.0\.1|localhost)/.test(options.AI_BASE_URL)) {
    throw new Error('ai: AI_PROVIDER=openai needs AI_API_KEY for a remote AI_BASE_URL');
  }
  return options;
};
