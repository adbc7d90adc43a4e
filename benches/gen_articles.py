#!/usr/bin/env python3
"""Generate a folder of article files for the `--jobs` benchmark (standard library only).

Cuts the prose corpus of benches/gen_corpus.py into N articles (a title line, a blank line,
PARAS paragraphs separated by blank lines), and dresses some of them the way scraped news
looks: a damaged sentence (phrases the shipped dictionaries repair), a "Similar Articles"
line, a reaction widget at the end. All added text is written here. Deterministic.

    python3 benches/gen_corpus.py --mb 40 --out target/bench-data-40   # the prose
    python3 benches/gen_articles.py --corpus target/bench-data-40/corpus.txt \\
        --out target/bench-articles --count 10000

Files go to OUT/NN/NNNNN.txt (100 folders), about 4 KB each with the default PARAS=2.
"""

import argparse
import os
import random
import sys

DAMAGED = [
    "On set the director yells “Minimize!” and the 2 actors laugh.",
    "After all, CEO Kim said the project would go ahead.",
    "The actress said she or he efficiently movies the scene in one take.",
    "With a purpose to prepare, the cast met early in the morning.",
]
FURNITURE_LINE = "Similar Articles"
FURNITURE_END = ["How does this article make you feel?", "Love 12", "Wow 3", "Leave a comment"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True, help="corpus.txt from benches/gen_corpus.py")
    parser.add_argument("--out", required=True, help="output folder (created)")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--paras", type=int, default=2, help="paragraphs per article")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with open(args.corpus, encoding="utf-8") as f:
        paragraphs = [line.rstrip("\n") for line in f if line.strip()]
    if not paragraphs:
        sys.exit("gen_articles.py: the corpus is empty")
    total = 0
    at = 0
    for i in range(args.count):
        body = []
        for _ in range(args.paras):
            body.append(paragraphs[at % len(paragraphs)])
            at += 1
        title = " ".join(body[0].split()[:8]).rstrip(",.;:") or "Untitled"
        if i % 3 == 0:
            body.insert(rng.randrange(len(body) + 1), rng.choice(DAMAGED))
        if i % 7 == 0:
            body.insert(rng.randrange(1, len(body) + 1), FURNITURE_LINE)
        text = title + "\n\n" + "\n\n".join(body) + "\n"
        if i % 5 == 0:
            text += "\n" + "\n".join(FURNITURE_END) + "\n"
        folder = os.path.join(args.out, f"{i % 100:02d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{i:05d}.txt"), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode("utf-8"))
    print(f"{args.count} articles, {total / 1e6:.1f} MB in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
