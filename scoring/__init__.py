"""Scoring: the pure engine lives in ``scoring.engine``."""
