ALTER TABLE "ai"."workflow_generations" ADD COLUMN "import_status" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "ai"."workflow_generations" ADD COLUMN "import_error" text;--> statement-breakpoint
CREATE INDEX "generations_specification_idx" ON "ai"."workflow_generations" USING btree ("tenant_id","specification_id");