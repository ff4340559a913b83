-- Row-level security: tenant-scoped work runs as flowgraph_tenant (see packages/shared/src/db/tenant-scope.ts)
-- and sees only rows of the tenant in the transaction's app.tenant_id setting. The owner, which runs
-- migrations and the outbox relay, is not subject to the policies.
DO $$ BEGIN CREATE ROLE flowgraph_tenant NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA "workflows" TO flowgraph_tenant;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "workflows"."specifications" TO flowgraph_tenant;--> statement-breakpoint
ALTER TABLE "workflows"."specifications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "workflows"."specifications"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
