CREATE TABLE `account_wallets` (
	`account` text NOT NULL,
	`wallet` text NOT NULL,
	PRIMARY KEY(`account`, `wallet`),
	FOREIGN KEY (`account`) REFERENCES `accounts`(`name`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`wallet`) REFERENCES `wallets`(`address`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `account_wallets_wallet` ON `account_wallets` (`wallet`);--> statement-breakpoint
CREATE TABLE `accounts` (
	`name` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `assets` (
	`chain_id` integer NOT NULL,
	`address` text NOT NULL,
	`symbol` text NOT NULL,
	`decimals` integer NOT NULL,
	`factor` text,
	`feed` text,
	PRIMARY KEY(`chain_id`, `address`),
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`chain_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `blocks` (
	`chain_id` integer NOT NULL,
	`number` integer NOT NULL,
	`hash` text NOT NULL,
	`parent_hash` text NOT NULL,
	`timestamp` integer NOT NULL,
	`finalized` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`chain_id`, `hash`),
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`chain_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `blocks_chain_number` ON `blocks` (`chain_id`,`number`);--> statement-breakpoint
CREATE TABLE `chains` (
	`chain_id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`finality_depth` integer NOT NULL,
	`use_finalized_tag` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `positions` (
	`chain_id` integer NOT NULL,
	`venue` text NOT NULL,
	`wallet` text NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`amount` text NOT NULL,
	`extra` text NOT NULL,
	`block_number` integer NOT NULL,
	`valid_from` integer NOT NULL,
	`valid_to` integer,
	PRIMARY KEY(`chain_id`, `venue`, `wallet`, `kind`, `key`, `valid_from`),
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`chain_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `positions_current` ON `positions` (`chain_id`,`venue`,`wallet`,`kind`,`key`) WHERE "positions"."valid_to" is null;--> statement-breakpoint
CREATE INDEX `positions_wallet` ON `positions` (`wallet`,`chain_id`,`valid_to`);--> statement-breakpoint
CREATE INDEX `positions_valid_to` ON `positions` (`chain_id`,`valid_to`);--> statement-breakpoint
CREATE TABLE `prices` (
	`chain_id` integer NOT NULL,
	`feed` text NOT NULL,
	`asset` text,
	`value` text NOT NULL,
	`decimals` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`round_id` text NOT NULL,
	`block_number` integer NOT NULL,
	`valid_from` integer NOT NULL,
	`valid_to` integer,
	PRIMARY KEY(`chain_id`, `feed`, `valid_from`),
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`chain_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `prices_current` ON `prices` (`chain_id`,`feed`) WHERE "prices"."valid_to" is null;--> statement-breakpoint
CREATE INDEX `prices_valid_to` ON `prices` (`chain_id`,`valid_to`);--> statement-breakpoint
CREATE TABLE `sync_cursors` (
	`chain_id` integer NOT NULL,
	`source` text NOT NULL,
	`block_number` integer NOT NULL,
	`block_hash` text,
	PRIMARY KEY(`chain_id`, `source`),
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`chain_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `wallets` (
	`address` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`first_seen_chain_id` integer,
	`first_seen_block` integer
);
