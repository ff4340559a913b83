-- Row-level security on the commerce tables (0002). Tenant work runs as flowgraph_tenant with app.tenant_id set
-- (packages/shared/src/db/tenant-scope.ts). The Stripe webhook handler and the payout worker act for whichever
-- tenants a payment concerns: they run as flowgraph_marketplace_settlement (data/settlement-scope.ts), a role granted
-- only what settling a payment touches (purchases, payouts, payout accounts, counters, webhook event ids, the outbox),
-- never snapshots, reviews or installations. The owner (migrations, the outbox relay, the counters' catalog copy) is
-- not subject to the policies.
DO $$ BEGIN CREATE ROLE flowgraph_tenant NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
DO $$ BEGIN CREATE ROLE flowgraph_marketplace_settlement NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA "marketplace" TO flowgraph_tenant, flowgraph_marketplace_settlement;--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA "marketplace" TO flowgraph_tenant, flowgraph_marketplace_settlement;--> statement-breakpoint

-- Purchases: the buyer's tenant makes and reads its own; the creator's tenant reads its sales.
GRANT SELECT, INSERT, UPDATE ON "marketplace"."purchases" TO flowgraph_tenant;--> statement-breakpoint
GRANT SELECT, UPDATE ON "marketplace"."purchases" TO flowgraph_marketplace_settlement;--> statement-breakpoint
ALTER TABLE "marketplace"."purchases" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_reads ON "marketplace"."purchases" FOR SELECT TO flowgraph_tenant
  USING (buyer_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid OR creator_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY buyer_inserts ON "marketplace"."purchases" FOR INSERT TO flowgraph_tenant
  WITH CHECK (buyer_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY buyer_updates ON "marketplace"."purchases" FOR UPDATE TO flowgraph_tenant
  USING (buyer_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (buyer_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY settlement ON "marketplace"."purchases" FOR ALL TO flowgraph_marketplace_settlement USING (true) WITH CHECK (true);--> statement-breakpoint

-- Payouts: read by the creator's tenant (through its sale); written by settlement only.
GRANT SELECT ON "marketplace"."payouts" TO flowgraph_tenant;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "marketplace"."payouts" TO flowgraph_marketplace_settlement;--> statement-breakpoint
ALTER TABLE "marketplace"."payouts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY creator_reads ON "marketplace"."payouts" FOR SELECT TO flowgraph_tenant
  USING (EXISTS (SELECT 1 FROM "marketplace"."purchases" p WHERE p.id = purchase_id AND p.creator_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY settlement ON "marketplace"."payouts" FOR ALL TO flowgraph_marketplace_settlement USING (true) WITH CHECK (true);--> statement-breakpoint

-- Payout accounts: the creator's tenant connects its own; settlement reads where to transfer to.
GRANT SELECT, INSERT ON "marketplace"."payout_accounts" TO flowgraph_tenant;--> statement-breakpoint
GRANT SELECT ON "marketplace"."payout_accounts" TO flowgraph_marketplace_settlement;--> statement-breakpoint
ALTER TABLE "marketplace"."payout_accounts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_rows ON "marketplace"."payout_accounts" FOR ALL TO flowgraph_tenant
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY settlement ON "marketplace"."payout_accounts" FOR SELECT TO flowgraph_marketplace_settlement USING (true);--> statement-breakpoint

-- Installations: the installing tenant's own rows.
GRANT SELECT, INSERT, UPDATE, DELETE ON "marketplace"."installations" TO flowgraph_tenant;--> statement-breakpoint
ALTER TABLE "marketplace"."installations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_rows ON "marketplace"."installations" FOR ALL TO flowgraph_tenant
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint

-- Reviews are published content: any tenant reads them (the service shows them on templates the reader may see);
-- a tenant writes only its own.
GRANT SELECT, INSERT, UPDATE ON "marketplace"."reviews" TO flowgraph_tenant;--> statement-breakpoint
ALTER TABLE "marketplace"."reviews" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY published_reads ON "marketplace"."reviews" FOR SELECT TO flowgraph_tenant USING (true);--> statement-breakpoint
CREATE POLICY own_inserts ON "marketplace"."reviews" FOR INSERT TO flowgraph_tenant
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY own_updates ON "marketplace"."reviews" FOR UPDATE TO flowgraph_tenant
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint

-- Snapshots: the publishing tenant's own; every tenant for a free template; a buyer's tenant while its purchase holds.
GRANT SELECT, INSERT, UPDATE ON "marketplace"."template_versions" TO flowgraph_tenant;--> statement-breakpoint
ALTER TABLE "marketplace"."template_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY entitled_reads ON "marketplace"."template_versions" FOR SELECT TO flowgraph_tenant
  USING (
    tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    OR free
    OR EXISTS (SELECT 1 FROM "marketplace"."purchases" p WHERE p.template_id = template_versions.template_id
      AND p.buyer_tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid AND p.status IN ('paid', 'free'))
  );--> statement-breakpoint
CREATE POLICY own_writes ON "marketplace"."template_versions" FOR INSERT TO flowgraph_tenant
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY own_updates ON "marketplace"."template_versions" FOR UPDATE TO flowgraph_tenant
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Templates published before the flag: free when the Postgres catalog says so (a Mongo catalog's are set on their next price change).
UPDATE "marketplace"."template_versions" v SET free = true FROM "marketplace"."templates" t
  WHERE t.id = v.template_id AND coalesce((t.document ->> 'priceCents')::numeric, 0) = 0;--> statement-breakpoint

-- Counters hold no tenant's rows (public figures per template): no policy, only the grants each path needs.
GRANT SELECT, INSERT, UPDATE ON "marketplace"."template_stats" TO flowgraph_tenant;--> statement-breakpoint
GRANT SELECT, UPDATE ON "marketplace"."template_stats" TO flowgraph_marketplace_settlement;--> statement-breakpoint

-- Processed webhook events: settlement only; no tenant may read or write them.
GRANT SELECT, INSERT, UPDATE ON "marketplace"."webhook_events" TO flowgraph_marketplace_settlement;--> statement-breakpoint
ALTER TABLE "marketplace"."webhook_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY settlement ON "marketplace"."webhook_events" FOR ALL TO flowgraph_marketplace_settlement USING (true) WITH CHECK (true);--> statement-breakpoint

-- Outbox: a tenant enqueues only events of its own tenant and reads none; the relay (owner) publishes them all.
GRANT INSERT ON "marketplace"."outbox" TO flowgraph_tenant, flowgraph_marketplace_settlement;--> statement-breakpoint
ALTER TABLE "marketplace"."outbox" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY own_events ON "marketplace"."outbox" FOR INSERT TO flowgraph_tenant
  WITH CHECK (envelope ->> 'tenantId' = current_setting('app.tenant_id', true));--> statement-breakpoint
CREATE POLICY settlement ON "marketplace"."outbox" FOR INSERT TO flowgraph_marketplace_settlement WITH CHECK (true);
