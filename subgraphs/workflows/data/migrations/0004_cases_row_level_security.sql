-- Row-level security for cases, their work items and event log (see 0002 for the role and the pattern).
GRANT SELECT, INSERT, UPDATE, DELETE ON "workflows"."cases", "workflows"."work_items", "workflows"."case_events" TO flowgraph_tenant;--> statement-breakpoint
-- Case events are written in the same transaction as the case; the relay reads them as the owner.
GRANT INSERT ON "workflows"."outbox" TO flowgraph_tenant;--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA "workflows" TO flowgraph_tenant;--> statement-breakpoint
ALTER TABLE "workflows"."cases" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "workflows"."cases"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "workflows"."work_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "workflows"."work_items"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "workflows"."case_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "workflows"."case_events"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
