"""Settings are split: ``base`` (shared), ``local`` (developer), ``test`` and ``production``."""
