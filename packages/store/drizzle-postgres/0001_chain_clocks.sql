CREATE TABLE "chain_clocks" (
	"chain_id" bigint PRIMARY KEY NOT NULL,
	"clock" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chain_clocks" ADD CONSTRAINT "chain_clocks_chain_id_chains_chain_id_fk" FOREIGN KEY ("chain_id") REFERENCES "public"."chains"("chain_id") ON DELETE no action ON UPDATE no action;