-- Schema 2: who made a change (DESIGN: journal entries carry the author), and fast look-ups of a
-- row's history for merging copies.
ALTER TABLE change_set ADD COLUMN author TEXT NOT NULL DEFAULT '';
CREATE INDEX journal_by_entity ON journal (kind, entity_id);
CREATE INDEX journal_by_change ON journal (change_id);
