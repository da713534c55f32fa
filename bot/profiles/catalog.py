"""All meeting profiles on disk, plus the exact versions drafts were started with."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.profiles.loader import load_folder, parse_profile
from bot.profiles.model import Profile


class ProfileCatalog:
    """The profiles in a folder, newest meeting first."""

    def __init__(self, profiles: list[Profile]) -> None:
        self._by_id = {p.id: p for p in profiles}
        # Newest meeting year first (what /new offers); within a year the 民主生活会 before the
        # 组织生活会 and a person's material before a team's, as most who ask write their own.
        self._ordered = sorted(profiles, key=lambda p: (-p.year, "组织生活会" in p.meeting, p.voice == "team", p.id))

    @classmethod
    def from_dir(cls, folder: Path) -> ProfileCatalog:
        """Load every *.yaml in folder (resolving `extends:`); one bad file refuses the whole catalog."""
        return cls(load_folder(folder))

    def all(self) -> list[Profile]:
        return list(self._ordered)

    def get(self, profile_id: str) -> Profile:
        return self._by_id[profile_id]

    def find(self, profile_id: str) -> Profile | None:
        return self._by_id.get(profile_id)


@lru_cache(maxsize=64)
def profile_from_snapshot(source: str, name: str) -> Profile:
    """Parse a stored profile text once per process (drafts pin their version).

    A snapshot is always self-contained: for a profile that extends another it
    holds the fully resolved profile, so the parent's file is never consulted.
    """
    return parse_profile(source, name)
