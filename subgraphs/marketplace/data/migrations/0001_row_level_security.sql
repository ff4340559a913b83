-- Row-level security: tenant-scoped work runs as flowgraph_tenant (see packages/shared/src/db/tenant-scope.ts).
-- A tenant sees its own templates and every public one, and writes only its own.
DO $$ BEGIN CREATE ROLE flowgraph_tenant NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA "marketplace" TO flowgraph_tenant;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "marketplace"."templates" TO flowgraph_tenant;--> statement-breakpoint
ALTER TABLE "marketplace"."templates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_reads ON "marketplace"."templates" FOR SELECT
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid OR document ->> 'visibility' = 'public');--> statement-breakpoint
CREATE POLICY tenant_writes ON "marketplace"."templates" FOR ALL
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
