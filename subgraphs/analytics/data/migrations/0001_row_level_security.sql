-- Row-level security: tenant-scoped work runs as flowgraph_tenant (see packages/shared/src/db/tenant-scope.ts)
-- and sees only rows of the tenant in the transaction's app.tenant_id setting.
DO $$ BEGIN CREATE ROLE flowgraph_tenant NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA "analytics" TO flowgraph_tenant;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "analytics"."specification_metrics", "analytics"."case_starts" TO flowgraph_tenant;--> statement-breakpoint
-- Event ids carry no tenant data; the consumer records them in the same tenant-scoped transaction.
GRANT SELECT, INSERT ON "analytics"."processed_events" TO flowgraph_tenant;--> statement-breakpoint
ALTER TABLE "analytics"."specification_metrics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "analytics"."specification_metrics"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "analytics"."case_starts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "analytics"."case_starts"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
