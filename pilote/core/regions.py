"""Kept only for `pilote/comptes/context_processors.py`, which still imports the region helpers
from here: they live in `pilote.territoires.regions`. Delete this module once that import is
updated (tests/core/test_ground_level.py lists it as the one import of a domain app left)."""

from pilote.territoires.regions import SESSION_KEY, current_region, selectable_regions

__all__ = ["SESSION_KEY", "current_region", "selectable_regions"]
