-- Schema 3: files that travel.
-- `project_id` tells copies of one project apart from other projects (merging is refused across
-- projects). Files created before schema 3 derive it from the creation time of their profile row,
-- which every copy of the same project shares.
INSERT OR IGNORE INTO meta (key, value)
  SELECT 'project_id', 'profil-' || created_at FROM profile
  WHERE id = '00000000-0000-0000-0000-000000000001';

-- Versions of a row from another copy that a merge looked at and decided against (the consultant
-- kept this copy's version). They count as known here, so merging the same copy again does not
-- ask again. Tied to the merge's change set: undoing the merge makes them unknown again.
CREATE TABLE merge_seen (
  change_id INTEGER NOT NULL REFERENCES change_set (id),
  kind TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  image_hash TEXT NOT NULL,
  PRIMARY KEY (kind, entity_id, image_hash, change_id)
) STRICT, WITHOUT ROWID;

-- Binary files of the project (the municipality's logo), stored once by their SHA-256. Rows refer
-- to them by hash (e.g. `report_settings.logo.hash`), so the journal holds only the reference and
-- undo needs no copy of the image. Never deleted; a merge copies the other copy's missing ones.
CREATE TABLE blob (hash TEXT PRIMARY KEY, data BLOB NOT NULL) STRICT;
