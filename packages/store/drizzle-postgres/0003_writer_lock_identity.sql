ALTER TABLE "writer_locks" ADD COLUMN "instance" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "writer_locks" ADD COLUMN "pid_namespace" text COLLATE "C";