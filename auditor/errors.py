"""The error a bad config raises, in a module of its own so that every pure validator (config.py,
the journey step language, the sign-in block) can raise it without importing another."""
from __future__ import annotations


class ConfigError(ValueError):
    """A problem in the config file; its message names the file, the portal and the key."""
