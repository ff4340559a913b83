ALTER TABLE "identity"."users" ADD COLUMN "mfa_secret" text;--> statement-breakpoint
ALTER TABLE "identity"."users" ADD COLUMN "mfa_enabled_at" timestamp with time zone;