"""Documentation is tested against the code: every option and code is in the README."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import tidings
from tidings.cli import build_parser
from tidings.errors import MESSAGES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("the CLI has no subcommands")


def test_every_command_and_option_is_documented() -> None:
    for name, sub in _subcommands().items():
        assert f"tidings {name}" in README, name
        for action in sub._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert f"`{flag}" in README, f"{name} {flag}"


def test_every_error_code_is_documented() -> None:
    documented = set(re.findall(r"`([EW]\d{3})`", README))
    assert set(MESSAGES) <= documented, sorted(set(MESSAGES) - documented)


def test_public_api_is_documented() -> None:
    for name in tidings.__all__:
        if not name.startswith("_"):
            assert f"`{name}`" in README or f"tidings.{name}" in README, name


def test_readme_first_screen_has_the_two_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:30])
    assert "make demo" in first_screen and "make test" in first_screen
