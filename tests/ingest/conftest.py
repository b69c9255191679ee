from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data" / "000_228ebe913f98790d.txt"


@pytest.fixture
def seed_path() -> Path:
    return SEED
