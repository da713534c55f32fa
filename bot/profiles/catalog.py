"""All meeting profiles on disk, plus the exact versions drafts were started with."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.profiles.loader import ProfileError, load_profile, parse_profile
from bot.profiles.model import Profile


class ProfileCatalog:
    """The profiles in a folder, newest meeting first."""

    def __init__(self, profiles: list[Profile]) -> None:
        self._by_id = {p.id: p for p in profiles}
        self._ordered = sorted(profiles, key=lambda p: (-p.year, p.id))

    @classmethod
    def from_dir(cls, folder: Path) -> ProfileCatalog:
        """Load every *.yaml in folder; one bad file refuses the whole catalog."""
        problems: list[str] = []
        profiles: list[Profile] = []
        seen: dict[str, Path] = {}
        for path in sorted(folder.glob("*.yaml")):
            try:
                profile = load_profile(path)
            except ProfileError as exc:
                problems.extend(exc.problems)
                continue
            if profile.id in seen:
                problems.append(f"{path}:1: id: 与 {seen[profile.id]} 重复：{profile.id}")
                continue
            seen[profile.id] = path
            profiles.append(profile)
        if problems:
            raise ProfileError(problems)
        if not profiles:
            raise ProfileError([f"{folder}: 没有找到任何会议配置（*.yaml）"])
        return cls(profiles)

    def all(self) -> list[Profile]:
        return list(self._ordered)

    def get(self, profile_id: str) -> Profile:
        return self._by_id[profile_id]

    def find(self, profile_id: str) -> Profile | None:
        return self._by_id.get(profile_id)


@lru_cache(maxsize=64)
def profile_from_snapshot(source: str, name: str) -> Profile:
    """Parse a stored profile text once per process (drafts pin their version)."""
    return parse_profile(source, name)
