from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_61b02eac5361dbd5.txt"


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"the real seed page is not here ({SEED})")
    return SEED


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """Tests read messages in English whatever the machine's locale; tests/test_messages.py covers Chinese."""
    monkeypatch.setenv("PLANPARSE_LANG", "en")
