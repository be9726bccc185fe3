import os
import shutil
import sys
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


@pytest.fixture(scope="session")
def spark():
    """One local Spark session (2 cores) for the whole run: the JVM takes ~15 s to start.

    Skipped with the reason where pyspark or Java is missing (a laptop without Java); CI sets
    PLANPARSE_REQUIRE_SPARK=1 so that there a missing Spark fails the run instead of skipping.
    """
    reason = None
    try:
        import pyspark  # noqa: F401
    except ImportError:
        reason = "pyspark is not installed (pip install 'planparse[spark]')"
    if reason is None and not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        reason = "no Java runtime (Spark needs Java 17+: apt-get install openjdk-17-jre-headless)"
    if reason is not None:
        if os.environ.get("PLANPARSE_REQUIRE_SPARK") == "1":
            pytest.fail(f"Spark is required here (PLANPARSE_REQUIRE_SPARK=1): {reason}")
        pytest.skip(reason)
    from pyspark.sql import SparkSession

    # Spark's Python workers run PYSPARK_PYTHON, else the first python3 on PATH, which may lack pyarrow:
    # the workers must run this interpreter.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("planparse-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.driver.memory", "1g")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
