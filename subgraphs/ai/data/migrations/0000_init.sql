CREATE SCHEMA "ai";
--> statement-breakpoint
CREATE TYPE "ai"."generation_status" AS ENUM('pending', 'succeeded', 'failed');--> statement-breakpoint
CREATE TABLE "ai"."workflow_generations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"intent" text NOT NULL,
	"status" "ai"."generation_status" NOT NULL,
	"specification_xml" text,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"specification_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "generations_tenant_created_idx" ON "ai"."workflow_generations" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "generations_requester_idx" ON "ai"."workflow_generations" USING btree ("tenant_id","requested_by");