-- Issue #12: a policy version is stored whole (the jurisdiction's previous version with the change
-- applied); change_doc keeps the change as it was sent, so history shows who changed what.
ALTER TABLE policy_versions ADD COLUMN change_doc TEXT NULL;
