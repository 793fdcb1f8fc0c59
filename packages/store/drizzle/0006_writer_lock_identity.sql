ALTER TABLE `writer_locks` ADD `instance` text;--> statement-breakpoint
ALTER TABLE `writer_locks` ADD `pid_namespace` text;