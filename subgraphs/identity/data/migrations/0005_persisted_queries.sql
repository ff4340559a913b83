CREATE TYPE "identity"."persisted_query_policy" AS ENUM('enforce', 'log', 'off');--> statement-breakpoint
CREATE TABLE "identity"."persisted_query_clients" (
	"tenant_id" uuid NOT NULL,
	"client_name" text NOT NULL,
	"policy" "identity"."persisted_query_policy" DEFAULT 'enforce' NOT NULL,
	"active_version" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "persisted_query_clients_tenant_id_client_name_pk" PRIMARY KEY("tenant_id","client_name")
);
--> statement-breakpoint
CREATE TABLE "identity"."persisted_query_manifests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"client_name" text NOT NULL,
	"version" integer NOT NULL,
	"operations" jsonb NOT NULL,
	"published_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "persisted_query_manifests_version" UNIQUE("tenant_id","client_name","version")
);
--> statement-breakpoint
CREATE TABLE "identity"."unlisted_operations" (
	"tenant_id" uuid NOT NULL,
	"client_name" text NOT NULL,
	"hash" text NOT NULL,
	"operation_name" text,
	"body" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unlisted_operations_tenant_id_client_name_hash_pk" PRIMARY KEY("tenant_id","client_name","hash")
);
--> statement-breakpoint
ALTER TABLE "identity"."api_keys" ADD COLUMN "client_name" text;--> statement-breakpoint
ALTER TABLE "identity"."persisted_query_clients" ADD CONSTRAINT "persisted_query_clients_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "identity"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."persisted_query_manifests" ADD CONSTRAINT "persisted_query_manifests_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "identity"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."persisted_query_manifests" ADD CONSTRAINT "persisted_query_manifests_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."unlisted_operations" ADD CONSTRAINT "unlisted_operations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "identity"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Row-level security, as for the other tenant-owned tables (see 0004): every row belongs to one tenant.
GRANT SELECT, INSERT, UPDATE, DELETE ON "identity"."persisted_query_clients", "identity"."persisted_query_manifests", "identity"."unlisted_operations" TO flowgraph_tenant;--> statement-breakpoint
ALTER TABLE "identity"."persisted_query_clients" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "identity"."persisted_query_clients"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "identity"."persisted_query_manifests" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "identity"."persisted_query_manifests"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "identity"."unlisted_operations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "identity"."unlisted_operations"
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
