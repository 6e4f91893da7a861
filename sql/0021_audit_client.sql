-- Issue #13, finding 5: every audit record says where the change came from. Hashed with the rest
-- of the record (the chain is keyed from now on; see AuditLog.h).
ALTER TABLE audit_log ADD COLUMN client_address VARCHAR(64) NULL;
ALTER TABLE audit_log ADD COLUMN user_agent VARCHAR(300) NULL;
