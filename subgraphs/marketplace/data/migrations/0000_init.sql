CREATE SCHEMA "marketplace";
--> statement-breakpoint
CREATE TABLE "marketplace"."templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"document" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "templates_tenant_idx" ON "marketplace"."templates" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "templates_category_idx" ON "marketplace"."templates" USING btree (("document" ->> 'category'));