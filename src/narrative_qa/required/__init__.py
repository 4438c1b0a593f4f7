"""Required statements: the rulebook (rulebook.py), presence detection (presence.py,
similarity.py), suggestions filled from the report (fields.py), the assessment both the lint
rule and `nqa suggest` use (assess.py), and insertion into a draft (insert.py)."""
