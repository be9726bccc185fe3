"""planparse on Apache Spark, for archives of hundreds of thousands of plan files (``pip install 'planparse[spark]'``,
and a Java 17+ runtime).

    from pyspark.sql import SparkSession
    from planparse.spark import parse_files, find_duplicates

    spark = SparkSession.builder.getOrCreate()
    parsed = parse_files(spark, ["hdfs:///archive/plans"]).persist()
    parsed.items.write.parquet("out/items")
    groups = find_duplicates(parsed.items)          # id, group, kind, similarity, representative

Importing this package does not import pyspark (``import planparse`` never needs it); using it without pyspark
raises a one-line PlanparseError naming the extra to install.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planparse.spark.ingest import ParsedFiles, parse_files, require_pyspark

if TYPE_CHECKING:
    from planparse.spark.dedup import find_duplicates

__all__ = ["ParsedFiles", "find_duplicates", "parse_files", "require_pyspark"]


def __getattr__(name: str):
    """``find_duplicates`` from ``planparse.spark.dedup``, imported on first use."""
    if name == "find_duplicates":
        require_pyspark()
        from planparse.spark.dedup import find_duplicates

        return find_duplicates
    raise AttributeError(f"module 'planparse.spark' has no attribute {name!r}")
