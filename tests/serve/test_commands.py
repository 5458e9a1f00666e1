"""The serve command's options (the server itself is not started here)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tidings.serve.commands import cmd_serve, register


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="tidings")
    register(top.add_subparsers(dest="command"))
    return top


def test_options_and_defaults() -> None:
    args = parser().parse_args(["serve", "--db", "x.db"])
    assert (args.host, args.port, args.token, args.cors_origins) == ("127.0.0.1", 8000, None, [])
    args = parser().parse_args(["serve", "--db", "x.db", "--port", "9001", "--token", "t",
                                "--cors-origin", "https://a.example",
                                "--cors-origin", "https://b.example"])
    assert args.port == 9001 and args.token == "t"
    assert args.cors_origins == ["https://a.example", "https://b.example"]
    assert args.handler is cmd_serve


def test_a_missing_store_is_a_usage_error(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    args = parser().parse_args(["serve", "--db", str(tmp_path / "none.db")])
    assert cmd_serve(args) == 2
    assert "no store" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()
