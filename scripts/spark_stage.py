#!/usr/bin/env python3
"""Run unspin as a PySpark stage: JSON Lines in, the same records out with one field repaired.

Each partition of the input is piped, one record per line, through

    unspin fix --jsonl --field FIELD --quiet --jobs 1 [EXTRA UNSPIN ARGS]

(the way ``RDD.pipe`` does it, with the binary located per task so it can be shipped to the
executors). unspin keeps every record in order and every byte of a record apart from the
repaired field; records it cannot repair (invalid JSON, missing field) come back unchanged and
are counted in the executor's stderr. Partition order is kept, so the part files of the output
folder, read in name order, hold the records in input order.

Examples:

    # local mode, two cores
    python3 scripts/spark_stage.py --input corpus.jsonl --output repaired/ --field text \\
        --unspin target/release/unspin --master 'local[2]'

    # on a cluster: ship the binary (built for the executors' platform) with the job
    spark-submit scripts/spark_stage.py --input hdfs:///corpus/*.jsonl \\
        --output hdfs:///corpus-repaired --field article.body --unspin ./unspin --ship \\
        -- --pack science --report edits

Everything after ``--`` is passed to ``unspin fix`` (dictionaries, packs, ``--report``).
Dictionary files named there must exist on every executor (ship them with ``--files``).
"""

import argparse
import os
import shlex
import shutil
import stat
import subprocess
import sys
import threading


def unspin_command(binary, field, extra=()):
    """The command each partition is piped through."""
    return [binary, "fix", "--jsonl", "--field", field, "--quiet", "--jobs", "1", *extra]


def _feed(stdin, lines, failure):
    """Writes the records to unspin's stdin (on its own thread, so reading never blocks it)."""
    try:
        for line in lines:
            stdin.write(line.encode("utf-8"))
            stdin.write(b"\n")
    except BaseException as e:  # noqa: BLE001 - reported by the reader
        failure.append(e)
    finally:
        try:
            stdin.close()
        except OSError:
            pass


def pipe_partition(lines, command):
    """Pipes one partition's lines through `command`; yields its output lines.

    Raises RuntimeError if unspin exits with an error (exit 2: bad dictionary, --strict
    stop), so a broken stage fails the Spark job instead of dropping records.
    """
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    failure = []
    writer = threading.Thread(target=_feed, args=(proc.stdin, lines, failure), daemon=True)
    writer.start()
    for raw in proc.stdout:
        yield raw.decode("utf-8").rstrip("\n")
    writer.join()
    code = proc.wait()
    if failure:
        raise RuntimeError(f"feeding unspin failed: {failure[0]!r}")
    if code != 0:
        raise RuntimeError(f"{shlex.join(command)} exited with {code}")


def _resolve(binary, shipped):
    """The path of the unspin binary inside a task."""
    if not shipped:
        return binary
    from pyspark import SparkFiles

    path = SparkFiles.get(os.path.basename(binary))
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def repair_rdd(lines, binary, field, extra=(), shipped=False):
    """The stage itself: an RDD of JSON Lines records -> the repaired records, same order."""

    def run(partition):
        command = unspin_command(_resolve(binary, shipped), field, extra)
        return pipe_partition(partition, command)

    return lines.mapPartitions(run, preservesPartitioning=True)


def run_stage(sc, input_path, output_path, binary, field, extra=(), partitions=None, ship=False):
    """Reads `input_path` (text files of JSON Lines), repairs, writes `output_path`."""
    if __name__ != "__main__":
        # Imported (as by the test): the workers need this module to run the stage.
        sc.addPyFile(os.path.abspath(__file__))
    if ship:
        sc.addFile(os.path.abspath(binary))
    elif os.sep not in binary:
        binary = shutil.which(binary) or binary
    else:
        binary = os.path.abspath(binary)
    lines = sc.textFile(input_path, minPartitions=partitions) if partitions else sc.textFile(input_path)
    repaired = repair_rdd(lines, binary, field, extra, shipped=ship)
    repaired.saveAsTextFile(output_path)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Repair a JSON Lines dataset with unspin, as a PySpark stage.",
        epilog="Arguments after -- go to `unspin fix` (e.g. -- --pack science --report edits).",
    )
    parser.add_argument("--input", required=True, help="JSON Lines file(s), any Hadoop path or glob")
    parser.add_argument("--output", required=True, help="output folder (must not exist)")
    parser.add_argument("--field", default="text", help="field holding the text (dots: nested)")
    parser.add_argument("--unspin", default="unspin", help="the unspin binary (default: on PATH)")
    parser.add_argument("--ship", action="store_true", help="send the binary to the executors")
    parser.add_argument("--partitions", type=int, help="minimum number of input partitions")
    parser.add_argument("--master", help="Spark master when not run by spark-submit, e.g. local[2]")
    own, extra = argv, []
    if "--" in argv:
        at = argv.index("--")
        own, extra = argv[:at], argv[at + 1 :]
    args = parser.parse_args(own)
    args.extra = extra
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("unspin")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        run_stage(
            spark.sparkContext,
            args.input,
            args.output,
            args.unspin,
            args.field,
            args.extra,
            partitions=args.partitions,
            ship=args.ship,
        )
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
