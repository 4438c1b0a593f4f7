"""Scores: a report's findings and features weighed by a documented rubric (see docs/scoring.md)."""
