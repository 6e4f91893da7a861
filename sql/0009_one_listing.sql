-- Issue #10, finding 4: identical blacklist listings sent at once made two entries. One direct listing
-- per person, jurisdiction and listing day, by a unique key every new direct entry carries
-- (id_hash:jurisdiction_id:listed_on); a case's listing, made once by its case, and existing rows keep
-- NULL, which a unique index allows many of.
ALTER TABLE blacklist_entries ADD COLUMN listing_key VARCHAR(120) NULL;
CREATE UNIQUE INDEX blacklist_one_listing ON blacklist_entries(listing_key);
