-- Schema 4: the room's dots on measures (a dot vote on measures in a workshop, placed by hand or
-- from the participants' phones): a count per measure and event, like `life_area_vote`.
CREATE TABLE measure_vote (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL CHECK (json_valid(body)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
