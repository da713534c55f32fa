"""Meeting profiles: the data that says what a year's material asks."""

from bot.profiles.catalog import ProfileCatalog, profile_from_snapshot
from bot.profiles.loader import ProfileError, load_profile, parse_profile
from bot.profiles.model import Profile

__all__ = ["Profile", "ProfileCatalog", "ProfileError", "load_profile", "parse_profile",
           "profile_from_snapshot"]
