CREATE TABLE `chain_sync` (
	`chain_id` integer PRIMARY KEY NOT NULL,
	`complete_from` integer,
	`incomplete_reason` text,
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`chain_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `writer_locks` (
	`chain_id` integer PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`pid` integer NOT NULL,
	`host` text NOT NULL,
	`acquired_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL,
	`timeout_ms` integer NOT NULL,
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`chain_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- A database indexed before this table existed: a chain with a `head` cursor (the indexer's full
-- snapshot) has been complete since its cursor block.
INSERT INTO `chain_sync` (`chain_id`, `complete_from`, `incomplete_reason`)
SELECT `chain_id`, `block_number`, NULL FROM `sync_cursors` WHERE `source` = 'head';
