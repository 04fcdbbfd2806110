"""The README stays true: it opens with the two commands and documents every setting."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings

from karate.config import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def variables(settings: type[BaseSettings]) -> list[str]:
    prefix = settings.model_config.get("env_prefix", "")
    names = []
    for name, field in settings.model_fields.items():
        alias = field.validation_alias
        names.append(
            alias.choices[0]
            if alias is not None and hasattr(alias, "choices")  # type: ignore[union-attr]
            else f"{prefix}{name}".upper()
        )
    return names


def test_the_readme_starts_with_the_two_commands() -> None:
    head = README[:600]
    assert "make run" in head and "make test" in head


def test_every_setting_is_documented() -> None:
    missing = [name for cls in (Settings,) for name in variables(cls) if f"`{name}`" not in README]
    assert not missing, f"document these in README.md: {missing}"
