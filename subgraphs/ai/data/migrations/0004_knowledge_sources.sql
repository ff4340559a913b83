DROP INDEX "ai"."knowledge_search_idx";--> statement-breakpoint
-- Rows of earlier releases are generations: their source id is the generation's (or the row's own) id.
ALTER TABLE "ai"."knowledge_workflows" ADD COLUMN "source_id" text;--> statement-breakpoint
UPDATE "ai"."knowledge_workflows" SET "source_id" = coalesce("generation_id", "id")::text;--> statement-breakpoint
ALTER TABLE "ai"."knowledge_workflows" ALTER COLUMN "source_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "ai"."knowledge_workflows" ADD COLUMN "tasks" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "ai"."knowledge_workflows" ADD COLUMN "visibility" text DEFAULT 'tenant' NOT NULL;--> statement-breakpoint
ALTER TABLE "ai"."knowledge_workflows" ADD COLUMN "revision" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ai"."knowledge_workflows" ADD COLUMN "withdrawn" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "knowledge_source_idx" ON "ai"."knowledge_workflows" USING btree ("tenant_id","source","source_id");--> statement-breakpoint
CREATE INDEX "knowledge_everyone_idx" ON "ai"."knowledge_workflows" USING btree ("visibility") WHERE "ai"."knowledge_workflows"."visibility" = 'everyone';--> statement-breakpoint
CREATE INDEX "knowledge_search_idx" ON "ai"."knowledge_workflows" USING gin (to_tsvector('english', "title" || ' ' || "intent" || ' ' || "tasks"));--> statement-breakpoint
-- A tenant reads its own rows and every tenant's `everyone` rows (published public templates), but
-- writes, changes and deletes only its own: 0002's single policy becomes one per command.
DROP POLICY tenant_isolation ON "ai"."knowledge_workflows";--> statement-breakpoint
CREATE POLICY tenant_reads ON "ai"."knowledge_workflows" FOR SELECT
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid OR visibility = 'everyone');--> statement-breakpoint
CREATE POLICY tenant_inserts ON "ai"."knowledge_workflows" FOR INSERT
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY tenant_updates ON "ai"."knowledge_workflows" FOR UPDATE
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY tenant_deletes ON "ai"."knowledge_workflows" FOR DELETE
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
