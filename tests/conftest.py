"""Shared test helpers: where ../shared is, and small article texts the tests write themselves."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    return Path(os.environ.get("HEUER_SHARED", REPO.parent / "shared"))


def need_shared(*parts: str) -> Path:
    """The path under ../shared, or skip the test saying what is missing."""
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: ../shared is not beside this checkout (set HEUER_SHARED)")
    return path


_SUBJECTS = [
    "The city council",
    "A spokeswoman for the ministry",
    "Local farmers",
    "The harbour authority",
    "Two independent auditors",
    "The regional court",
    "Several residents",
    "The transport agency",
    "A union representative",
    "The weather service",
]
_VERBS = [
    "said on Tuesday that",
    "warned that",
    "confirmed that",
    "denied reports that",
    "argued that",
    "announced that",
    "told reporters that",
    "acknowledged that",
]
_CLAUSES = [
    "the new bridge would open later than planned",
    "water levels in the reservoir had fallen sharply",
    "the budget for road repairs was nearly exhausted",
    "an inquiry into the ferry delays would begin",
    "grain prices had risen for a third month",
    "the school closures were only temporary",
    "the contract had been awarded without a tender",
    "inspectors found cracks in two pylons",
    "the festival would go ahead despite the storms",
    "hospital waiting lists were getting shorter",
    "the mayor had not been informed in advance",
    "fuel deliveries to the islands were resuming",
]


def article_text(seed: int, paragraphs: int = 5) -> str:
    """A plausible news text, different for every seed, written here rather than copied from a corpus."""
    rnd = random.Random(seed)
    paras = []
    for _ in range(paragraphs):
        sents = [f"{rnd.choice(_SUBJECTS)} {rnd.choice(_VERBS)} {rnd.choice(_CLAUSES)}." for _ in range(3)]
        sents.append(f"The figure quoted was {rnd.randint(10, 9999)} in report number {seed}.")
        paras.append(" ".join(sents))
    return "\n\n".join(paras) + "\n"


@pytest.fixture(scope="session")
def nlp():
    """The base spaCy pipeline, loaded once for the whole run."""
    from heuer.extract.nlp import load_base

    return load_base()


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")
