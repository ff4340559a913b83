CREATE SCHEMA "workflows";
--> statement-breakpoint
CREATE TABLE "workflows"."specifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"identifier" text NOT NULL,
	"version" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "specifications_version_unique" UNIQUE("tenant_id","identifier","version")
);
--> statement-breakpoint
CREATE INDEX "specifications_tenant_created_idx" ON "workflows"."specifications" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "specifications_creator_idx" ON "workflows"."specifications" USING btree ("tenant_id","created_by");