CREATE TYPE "ai"."feedback_action" AS ENUM('deployed', 'edited', 'rejected');--> statement-breakpoint
ALTER TYPE "ai"."generation_status" ADD VALUE 'retrieving' BEFORE 'succeeded';--> statement-breakpoint
ALTER TYPE "ai"."generation_status" ADD VALUE 'drafting' BEFORE 'succeeded';--> statement-breakpoint
ALTER TYPE "ai"."generation_status" ADD VALUE 'verifying' BEFORE 'succeeded';--> statement-breakpoint
ALTER TYPE "ai"."generation_status" ADD VALUE 'repairing' BEFORE 'succeeded';--> statement-breakpoint
CREATE TABLE "ai"."knowledge_workflows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"source" text NOT NULL,
	"title" text NOT NULL,
	"intent" text NOT NULL,
	"patterns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"generation_id" uuid,
	"positive" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai"."outbox" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"topic" text NOT NULL,
	"key" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "ai"."pattern_stats" (
	"tenant_id" uuid NOT NULL,
	"pattern" text NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "pattern_stats_tenant_id_pattern_pk" PRIMARY KEY("tenant_id","pattern")
);
--> statement-breakpoint
CREATE TABLE "ai"."workflow_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"generation_id" uuid NOT NULL,
	"action" "ai"."feedback_action" NOT NULL,
	"comment" text,
	"given_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ai"."workflow_generations" ADD COLUMN "hints" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "ai"."workflow_generations" ADD COLUMN "issues" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "ai"."workflow_generations" ADD COLUMN "rounds" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "ai"."workflow_generations" ADD COLUMN "similar" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "ai"."workflow_generations" ADD COLUMN "patterns" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "ai"."workflow_generations" ADD COLUMN "cached" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "ai"."workflow_generations" ADD COLUMN "provider" text DEFAULT 'planner' NOT NULL;--> statement-breakpoint
ALTER TABLE "ai"."workflow_generations" ADD COLUMN "cache_key" text;--> statement-breakpoint
ALTER TABLE "ai"."workflow_generations" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "knowledge_tenant_idx" ON "ai"."knowledge_workflows" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "knowledge_search_idx" ON "ai"."knowledge_workflows" USING gin (to_tsvector('english', "title" || ' ' || "intent"));--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "ai"."outbox" USING btree ("seq") WHERE "ai"."outbox"."published_at" is null;--> statement-breakpoint
CREATE INDEX "feedback_generation_idx" ON "ai"."workflow_feedback" USING btree ("tenant_id","generation_id");--> statement-breakpoint
-- Row-level security on the new tenant-owned tables, as 0001 does for generations. The outbox is the relay's (the owner's).
GRANT SELECT, INSERT, UPDATE, DELETE ON "ai"."knowledge_workflows", "ai"."pattern_stats", "ai"."workflow_feedback" TO flowgraph_tenant;--> statement-breakpoint
GRANT INSERT ON "ai"."outbox" TO flowgraph_tenant;--> statement-breakpoint
GRANT USAGE ON SEQUENCE "ai"."outbox_seq_seq" TO flowgraph_tenant;--> statement-breakpoint
ALTER TABLE "ai"."knowledge_workflows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "ai"."knowledge_workflows"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "ai"."pattern_stats" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "ai"."pattern_stats"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "ai"."workflow_feedback" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "ai"."workflow_feedback"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
