-- Every API key is bound to a partner client. A key created before binding gets a client of its own,
-- named after its prefix ("key-" + the prefix in lowercase), registered with policy 'enforce' and no list:
-- its requests are refused (OPERATION_NOT_ALLOWED) until an admin publishes that client's list or sets
-- its policy to 'log' (to build the list from what the partner sends) or 'off'.
UPDATE "identity"."api_keys" SET "client_name" = 'key-' || lower("prefix") WHERE "client_name" IS NULL;--> statement-breakpoint
INSERT INTO "identity"."persisted_query_clients" ("tenant_id", "client_name")
  SELECT DISTINCT "tenant_id", "client_name" FROM "identity"."api_keys"
  ON CONFLICT DO NOTHING;--> statement-breakpoint
ALTER TABLE "identity"."api_keys" ALTER COLUMN "client_name" SET NOT NULL;
