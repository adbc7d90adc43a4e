"""Runs scripts/spark_stage.py in Spark local mode on a small dataset and checks that its
output equals `unspin fix --jsonl` on the same records, byte for byte and in order.

Skipped (with a message) when pyspark is not installed or no Java runtime is found, so
`python3 -m unittest discover -s scripts` passes on a machine without Spark. The unspin
binary is taken from $UNSPIN_BIN, else built with `cargo build` (target/debug/unspin).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

try:
    import pyspark  # noqa: F401

    SKIP = None
except ImportError:
    SKIP = "pyspark is not installed (pip install pyspark)"
if SKIP is None and shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    SKIP = "no Java runtime for Spark (java not on PATH, JAVA_HOME unset)"


def unspin_binary():
    if os.environ.get("UNSPIN_BIN"):
        return os.environ["UNSPIN_BIN"]
    subprocess.run(
        ["cargo", "build", "--quiet", "--bin", "unspin"], cwd=ROOT, check=True
    )
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return str(target / "debug" / "unspin")


# Sentences written for this test (not from any corpus): spinner damage the shipped
# dictionaries repair, and clean text they must leave alone.
DAMAGED = [
    "On set the director yells “Minimize!” and everyone stops.",
    "The 2 actors met at the press conference in Seoul.",
    "After the rehearsal the director yelled “Minimize!” twice.",
]
CLEAN = [
    "The weather in the capital was mild on Tuesday.",
    "A new cafe opened near the station last week.",
    "Fans waited outside the theatre for hours.",
    "The museum extended its opening hours for the summer.",
]


# The small test dictionaries of the CLI tests: start-up stays fast with a debug build, and
# the test does not change when the shipped packs grow.
DICTS = ["--no-default-dicts"] + [
    arg
    for name in ("substitutions", "names", "boilerplate")
    for arg in ("--dict", str(ROOT / "fixtures" / "dictionaries" / "cli" / f"{name}.yaml"))
]


def records():
    out = []
    for i in range(50):
        text = DAMAGED[(i // 3) % 3] if i % 3 == 0 else CLEAN[i % 4]
        record = {"id": 10**20 + i, "score": "1.10", "text": f"{text} (item {i})"}
        out.append(json.dumps(record, ensure_ascii=False).replace('"1.10"', "1.10"))
    out[7] = '{"id": 7, "no_text": true}'  # passed through: missing field
    out[23] = "not json"  # passed through: invalid JSON
    return out


@unittest.skipIf(SKIP is not None, SKIP or "")
class SparkStageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from pyspark.sql import SparkSession

        cls.binary = unspin_binary()
        cls.spark = (
            SparkSession.builder.master("local[2]")
            .appName("unspin-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        cls.spark.sparkContext.setLogLevel("ERROR")

    @classmethod
    def tearDownClass(cls):
        cls.spark.stop()

    def run_both(self, extra):
        import spark_stage

        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            source = tmp / "in.jsonl"
            source.write_text("\n".join(records()) + "\n", encoding="utf-8")
            extra = [*DICTS, *extra]
            with source.open("rb") as stdin:
                expected = subprocess.run(
                    [self.binary, "fix", "--jsonl", "--field", "text", "--quiet", *extra],
                    stdin=stdin,
                    capture_output=True,
                    check=True,
                ).stdout.decode("utf-8")
            out = tmp / "out"
            spark_stage.run_stage(
                self.spark.sparkContext,
                str(source),
                str(out),
                self.binary,
                "text",
                extra,
                partitions=3,
            )
            parts = sorted(out.glob("part-*"))
            self.assertGreaterEqual(len(parts), 3, "the stage ran over several partitions")
            got = "".join(p.read_text(encoding="utf-8") for p in parts)
        return expected, got

    def test_stage_equals_unspin_fix_jsonl(self):
        expected, got = self.run_both([])
        self.assertEqual(got, expected)
        lines = got.splitlines()
        self.assertEqual(len(lines), 50)
        self.assertIn("“Cut!”", lines[0])
        self.assertIn("100000000000000000000", lines[0])
        self.assertIn("1.10", lines[0])
        self.assertEqual(lines[23], "not json")

    def test_stage_with_report(self):
        expected, got = self.run_both(["--report", "edits"])
        self.assertEqual(got, expected)
        first = json.loads(got.splitlines()[0])
        self.assertEqual(first["edits"][0]["after"], "Cut!")


if __name__ == "__main__":
    unittest.main()
