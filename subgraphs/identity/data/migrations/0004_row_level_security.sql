-- Row-level security: authenticated work runs as flowgraph_tenant (see packages/shared/src/db/tenant-scope.ts)
-- and sees only its tenant's rows. Lookups that precede knowing the tenant (login by email, refresh
-- token and API key by hash, sign-up) run as the owner, which the policies do not apply to.
DO $$ BEGIN CREATE ROLE flowgraph_tenant NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA "identity" TO flowgraph_tenant;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "identity"."tenants", "identity"."users", "identity"."refresh_tokens", "identity"."api_keys" TO flowgraph_tenant;--> statement-breakpoint
-- Events are written in the same transaction as the change; the relay reads them as the owner.
GRANT INSERT ON "identity"."outbox" TO flowgraph_tenant;--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA "identity" TO flowgraph_tenant;--> statement-breakpoint
ALTER TABLE "identity"."tenants" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "identity"."tenants"
  USING (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "identity"."users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "identity"."users"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "identity"."refresh_tokens" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "identity"."refresh_tokens"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "identity"."api_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "identity"."api_keys"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
