#!/usr/bin/env python3
"""Generate the benchmark corpus and dictionaries (Python standard library only).

Writes into OUT (default target/bench-data/):

  corpus.txt        ~MB megabytes of English-like prose, one paragraph per line (1-3 KB)
  dict-1k.tsv       1,000 phrases     phrase<TAB>replacement, '#' comment header
  dict-10k.tsv      10,000 phrases
  dict-100k.tsv     100,000 phrases
  meta.json         parameters, measured corpus statistics, expected match densities

No third-party text is used: every word comes from lists written here or from syllables.
The prose is a three-class Markov chain (function words, content words, names), each class
a Zipf-Mandelbrot distribution, so unigram frequencies and word lengths look like English;
sentences have clauses, commas, quotes (mostly curly), possessives, contractions, numbers,
acronyms, capitalized names (a few with non-ASCII letters) and some no-break spaces.

Dictionaries: real 1-4-word phrases of that language, drawn from a held-out stream of the
same generator (a phrase's expected count in the corpus is then known exactly, so the
density holds at any --mb), chosen so that each dictionary alone gives about one
boundary-valid match per --bytes-per-match bytes (default 700, as in issue 5's reference).
A dictionary never contains a phrase twice (ASCII case-folded), so no rule hides another.

Deterministic: the same --seed and parameters give byte-identical files (only `random`
with an explicit seed; no set or hash iteration order is relied on).

    python3 benches/gen_corpus.py --mb 200                 # the issue's setting
    python3 benches/gen_corpus.py --mb 8 --out /tmp/small  # quick
"""

import argparse
import json
import os
import random
import sys
import time

# --- vocabulary written here -------------------------------------------------------------

# Function words with rough relative frequencies (per thousand words of news prose).
FUNCTION_WORDS = """
the 60 of 30 and 28 to 26 a 22 in 20 that 11 is 10 it 9 for 9 was 9 on 7 with 7 he 7 as 7
by 5 at 5 his 5 from 4.5 they 4.5 be 4.5 this 4.5 are 4 have 4 or 3.5 had 3.5 not 3.5
but 3.5 she 3 her 3 which 3 an 3 were 3 their 3 has 3 been 2.5 will 2.5 would 2.5
there 2.5 all 2.5 who 2.5 more 2 can 2 if 2 its 2 when 2 about 2 so 2 what 2 we 2 you 2
no 1.5 up 1.5 out 1.5 them 1.5 some 1.5 could 1.5 into 1.5 than 1.5 other 1.5 him 1.5
do 1.5 then 1.2 only 1.2 over 1.2 also 1.2 after 1.2 two 1.2 new 1.2 these 1 may 1
first 1 such 1 most 1 any 1 where 1 through 1 our 1 my 1 many 0.8 between 0.8 before 0.8
those 0.8 while 0.8 your 0.8 under 0.7 both 0.7 each 0.7 very 0.7 should 0.7 did 0.7
just 0.7 because 0.7 how 0.7 me 0.7 much 0.6 does 0.5 during 0.5 without 0.5 against 0.5
us 0.5 since 0.5 among 0.4 until 0.4 though 0.4 whether 0.4 three 0.4 another 0.4
around 0.4 own 0.4 every 0.3 again 0.3 why 0.3 here 0.3 might 0.3 must 0.3 yet 0.3
it’s 0.6 that’s 0.3 don’t 0.4 didn’t 0.3 there’s 0.2 can’t 0.2 he’s 0.2 won’t 0.15
she’s 0.15 they’re 0.15 we’re 0.15 isn’t 0.1 wasn’t 0.1
"""

# Common content words (nouns, verbs, adjectives, adverbs); they take the top content ranks.
CONTENT_WORDS = """
said says time year years people way day days man woman men women thing things child
children world life hand part place case week weeks company system program question work
government number night point home water room mother area money story fact month months
lot right study book eye eyes job word words business issue side kind head house service
friend friends father power hour hours game line end member members law car city
community name president team minute idea kid body information back parent face level
office door health person art war history party result change morning reason research
girl boy moment air teacher force education foot age policy music market sense nation plan
college interest death experience effect class control care field development role effort
rate heart show leader light voice wife police mind price report decision son view town
road arm difference value building action model season society tax director position
player record paper space ground form event official matter center couple site project
activity star table need court situation cost industry figure street image phone data
picture practice piece land product doctor wall patient worker news test movie north love
support technology step baby computer type attention film tree source organization window
evidence population fans drama series episode actor actress singer album stage scene
character viewers audience broadcast agency contract debut role award ceremony staff
make made go went know knew take took see saw come came think thought look looked want
wanted give gave use used find found tell told ask asked seem seemed feel felt try tried
leave left call called keep kept let begin began help helped talk talked turn turned start
started hear heard play played run ran move moved like liked live lived believe held
bring brought happen happened write wrote provide sit stand stood lose lost pay paid meet
met include included continue continued set learn learned lead led understand watch
watched follow followed stop stopped create created speak spoke read allow allowed add
added spend spent grow grew open opened walk walked win won offer offered remember
consider appear appeared buy bought wait waited serve served send sent expect expected
build built stay stayed fall fell cut reach reached remain remained suggest suggested
raise raised pass passed sell sold require decide decided return returned explain
explained hope hoped develop carry carried break broke receive received agree agreed hit
produce produced eat cover covered catch caught draw drew choose chose announced revealed
shared posted released filming starring confirmed
good great little old big high different small large next early young important few public
bad able late general full far low local sure free better true whole real best economic
strong possible political national major clear hard recent social special short certain
private single simple human military financial final main easy international popular
famous recent former previous upcoming beautiful happy warm difficult
now even well still never really already often always however together later almost soon
perhaps yesterday today recently finally currently especially
"""

ONSETS = (
    "b c d f g h j k l m n p r s t v w z br bl cr cl dr fr gr pr tr st sp sl sm sn sh ch th "
    "wh qu pl gl sk sw tw"
).split()
ONSET_WEIGHTS = [[1, 4][len(o) == 1] + 4 * (o in "lmnrst") for o in ONSETS]
VOWELS = "a e i o u a e i o e a ea ou ai io ie".split()
CODAS = "- - - - n r s t l m nd st rt ng ck ll ss nt rn ld x".split()
NAME_ACCENTS = "é è ö ü ñ á í ø".split()


def syllable(rng):
    onset = rng.choices(ONSETS, ONSET_WEIGHTS)[0] if rng.random() < 0.85 else ""
    coda = rng.choice(CODAS)
    return onset + rng.choice(VOWELS) + ("" if coda == "-" else coda)


def pseudo_word(rng, syllables):
    return "".join(syllable(rng) for _ in range(syllables))


def zipf_cum(n, s, q):
    """Cumulative Zipf-Mandelbrot weights for ranks 1..n."""
    cum, total = [], 0.0
    for r in range(1, n + 1):
        total += 1.0 / (r + q) ** s
        cum.append(total)
    return cum


class Language:
    """The vocabulary and the chain; also computes exact phrase probabilities."""

    # Class transition matrix: F(unction), C(ontent), N(ame).
    TRANSITIONS = [
        [0.22, 0.68, 0.10],
        [0.62, 0.30, 0.08],
        [0.55, 0.15, 0.30],
    ]
    NUMBER_RATE = 0.012  # share of content slots that hold a number instead

    def __init__(self, seed, n_content, n_names):
        rng = random.Random(f"{seed}-vocabulary")
        taken = set()
        f_words, f_weights = [], []
        items = FUNCTION_WORDS.split()
        for word, weight in zip(items[0::2], items[1::2]):
            f_words.append(word)
            f_weights.append(float(weight))
            taken.add(word.lower())
        cum, total = [], 0.0
        for w in f_weights:
            total += w
            cum.append(total)
        f_cum = cum

        content = []
        for word in CONTENT_WORDS.split():
            if word not in taken:
                content.append(word)
                taken.add(word)
        rng.shuffle(content)
        # Pseudo-words: frequent ranks short, rare ranks long (English-like type lengths).
        acronyms = 0
        while len(content) < n_content:
            rank = len(content)
            if rank > 200 and rng.random() < 0.004 and acronyms < 200:
                word = "".join(rng.choice("BCDFGHKLMNPRSTVWZ") for _ in range(rng.randint(2, 4)))
                acronyms += 1
            else:
                weights = [4, 5, 2, 0.5] if rank < 3000 else [1, 5, 4, 1.5]
                word = pseudo_word(rng, rng.choices([1, 2, 3, 4], weights)[0])
            if len(word) < 2 or word.lower() in taken:
                continue
            taken.add(word.lower())
            content.append(word)
        names = []
        while len(names) < n_names:
            word = pseudo_word(rng, rng.choices([1, 2, 3], [3, 6, 2])[0])
            if len(word) < 3:
                continue
            if rng.random() < 0.04:
                i = rng.randrange(1, len(word))
                word = word[:i] + rng.choice(NAME_ACCENTS) + word[i + 1 :]
            word = word[0].upper() + word[1:]
            if word.lower() in taken:
                continue
            taken.add(word.lower())
            names.append(word)

        self.words = [f_words, content, names]
        self.cum = [f_cum, zipf_cum(len(content), 1.07, 2.7), zipf_cum(len(names), 1.0, 5.0)]
        self.prob = []
        for c in range(3):
            total = self.cum[c][-1]
            scale = (1.0 - self.NUMBER_RATE) if c == 1 else 1.0
            prev, probs = 0.0, []
            for x in self.cum[c]:
                probs.append((x - prev) / total * scale)
                prev = x
            self.prob.append(probs)
        # Stationary class distribution (power iteration).
        pi = [1 / 3] * 3
        for _ in range(200):
            pi = [sum(pi[i] * self.TRANSITIONS[i][j] for i in range(3)) for j in range(3)]
        self.stationary = pi
        self.t_cum = []
        for row in self.TRANSITIONS:
            self.t_cum.append([row[0], row[0] + row[1], 1.0])
        self.pi_cum = [pi[0], pi[0] + pi[1], 1.0]

    def eligible(self, cls, index):
        """Whether a word may be part of a dictionary phrase (letters only)."""
        return "’" not in self.words[cls][index]

    def phrase_probability(self, path):
        """P(a window of len(path) words is exactly these (class, index) words)."""
        (c0, i0) = path[0]
        p = self.stationary[c0] * self.prob[c0][i0]
        prev = c0
        for c, i in path[1:]:
            p *= self.TRANSITIONS[prev][c] * self.prob[c][i]
            prev = c
        return p


class Drawer:
    """Buffered draws from one Random stream (deterministic, fast)."""

    def __init__(self, lang, rng):
        self.lang = lang
        self.rng = rng
        self.buffers = [[], [], []]
        self.uniform = []

    def word(self, cls):
        buf = self.buffers[cls]
        if not buf:
            cum = self.lang.cum[cls]
            buf.extend(reversed(self.rng.choices(range(len(cum)), cum_weights=cum, k=65536)))
        return buf.pop()

    def u(self):
        if not self.uniform:
            self.uniform.extend(self.rng.random() for _ in range(65536))
        return self.uniform.pop()

    def next_class(self, prev):
        row = self.lang.pi_cum if prev is None else self.lang.t_cum[prev]
        x = self.u()
        return 0 if x < row[0] else (1 if x < row[1] else 2)


def number(rng):
    x = rng.random()
    if x < 0.3:
        return str(rng.randint(1990, 2024))
    if x < 0.6:
        return str(rng.randint(2, 99))
    if x < 0.8:
        return f"{rng.randint(1, 9)},{rng.randint(0, 999):03d}"
    return f"{rng.randint(1, 99)}%"


def write_corpus(lang, path, target_bytes, seed):
    """Writes the corpus; returns statistics, including windows of n words per byte."""
    rng = random.Random(f"{seed}-corpus")
    draw = Drawer(lang, rng)
    words = lang.words
    windows = [0, 0, 0, 0, 0]
    n_bytes = n_words = n_lines = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        while n_bytes < target_bytes:
            para_target = rng.randint(1000, 3000)
            parts = []
            para_len = 0
            while para_len < para_target:
                quoted = draw.u() < 0.12
                n_clauses = rng.choices([1, 2, 3], [5, 4, 2])[0]
                sentence = []
                for k in range(n_clauses):
                    length = max(2, min(22, int(rng.gauss(8, 4))))
                    for n in range(1, 5):
                        if length >= n:
                            windows[n] += length - n + 1
                    prev = None
                    toks = []
                    for j in range(length):
                        cls = draw.next_class(prev)
                        prev = cls
                        if cls == 1 and draw.u() < lang.NUMBER_RATE:
                            toks.append(number(rng))
                            continue
                        w = words[cls][draw.word(cls)]
                        x = draw.u()
                        if cls and x < 0.02:
                            w += "’s" if x > 0.002 else "'s"
                        toks.append(w)
                    n_words += length
                    if k == 0:
                        t = toks[0]
                        toks[0] = t[0].upper() + t[1:]
                    clause = " ".join(toks)
                    if k + 1 < n_clauses:
                        x = draw.u()
                        if x < 0.80:
                            clause += ","
                        elif x < 0.88:
                            clause += ";"
                        elif x < 0.95:
                            clause += "\u00a0—" if draw.u() < 0.3 else " —"
                        else:
                            clause += ":"
                    sentence.append(clause)
                x = draw.u()
                end = "." if x < 0.88 else ("?" if x < 0.95 else "!")
                text = " ".join(sentence) + end
                if quoted:
                    text = "“" + text + "”" if draw.u() < 0.9 else '"' + text + '"'
                parts.append(text)
                para_len += len(text) + 1
            # Mostly plain spaces between sentences; some no-break spaces (scraped pages).
            line = parts[0]
            for p in parts[1:]:
                line += ("\u00a0 " if draw.u() < 0.03 else " ") + p
            line += "\n"
            data = line.encode("utf-8")
            out.write(line)
            n_bytes += len(data)
            n_lines += 1
    return {
        "bytes": n_bytes,
        "words": n_words,
        "lines": n_lines,
        "windows_per_byte": [w / n_bytes for w in windows],
    }


def candidate_pool(lang, seed, draws):
    """Phrases from a held-out stream of the language: {text key: (expected per window, text)}."""
    rng = random.Random(f"{seed}-phrases")
    draw = Drawer(lang, rng)
    pool = {}
    for _ in range(draws):
        n = rng.choices([1, 2, 3, 4], [0.15, 0.35, 0.30, 0.20])[0]
        path = []
        prev = None
        ok = True
        for _ in range(n):
            cls = draw.next_class(prev)
            prev = cls
            idx = draw.word(cls)
            if not lang.eligible(cls, idx):
                ok = False
            path.append((cls, idx))
        if not ok:
            continue
        text = " ".join(lang.words[c][i] for c, i in path)
        key = text.lower()
        if key not in pool:
            pool[key] = (n, lang.phrase_probability(path), text, path)
    return pool


def replacement(lang, path):
    """A deterministic stand-in replacement: each word swapped with its rank neighbour and
    marked with a final `q`.

    No word of the language ends in `q` (syllables end in a vowel or a coda without one, and
    the English lists hold none), so a replacement never contains a dictionary phrase: the
    lists are idempotent, as `unspin fix` requires (it refuses rules that rewrite another
    rule's output), and the naive reference does the same work on them.
    """
    out = []
    for c, i in path:
        j = i ^ 1
        if j >= len(lang.words[c]) or not lang.eligible(c, j):
            j = i
        out.append(lang.words[c][j] + "q")
    return " ".join(out)


def choose(pool_sorted, size, target, stride):
    """N phrases at `stride` in the rate-sorted pool whose rates sum to `target`."""
    span = (size - 1) * stride + 1
    if span > len(pool_sorted):
        stride = max(1, (len(pool_sorted) - 1) // max(1, size - 1))
        span = (size - 1) * stride + 1
        if span > len(pool_sorted):
            raise SystemExit(f"phrase pool too small for {size} phrases; raise --pool")
    def total(start):
        return sum(pool_sorted[start + k * stride][0] for k in range(size))

    lo, hi = 0, len(pool_sorted) - span
    while lo < hi:  # total(start) increases with start
        mid = (lo + hi) // 2
        if total(mid) < target:
            lo = mid + 1
        else:
            hi = mid
    chosen = [pool_sorted[lo + k * stride] for k in range(size)]
    return chosen, total(lo)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="target/bench-data", help="output directory")
    ap.add_argument("--mb", type=float, default=200, help="corpus size in MB (10^6 bytes)")
    ap.add_argument("--seed", type=int, default=1, help="random seed")
    ap.add_argument("--sizes", default="1000,10000,100000", help="dictionary sizes")
    ap.add_argument("--bytes-per-match", type=float, default=700, help="target match density")
    ap.add_argument("--content-words", type=int, default=40000, help="content vocabulary size")
    ap.add_argument("--names", type=int, default=4000, help="distinct name tokens")
    ap.add_argument("--pool", type=int, default=1_500_000, help="phrase candidates to draw")
    ap.add_argument("--stride", type=int, default=3, help="spread of phrase frequencies")
    ap.add_argument(
        "--calibration",
        type=float,
        default=1.04,
        help="expected/observed match ratio (overlaps, possessives), measured with the naive reference",
    )
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    started = time.time()
    lang = Language(args.seed, args.content_words, args.names)
    stats = write_corpus(lang, os.path.join(args.out, "corpus.txt"), int(args.mb * 1e6), args.seed)
    print(
        f"corpus.txt: {stats['bytes'] / 1e6:.1f} MB, {stats['lines']} lines, "
        f"{stats['bytes'] / stats['words']:.2f} bytes/word ({time.time() - started:.0f} s)",
        file=sys.stderr,
    )
    pool = candidate_pool(lang, args.seed, args.pool)
    wpb = stats["windows_per_byte"]
    # Expected boundary-valid occurrences per byte of the corpus, for every candidate.
    rated = sorted(
        ((p * wpb[n], (key, text, path)) for key, (n, p, text, path) in pool.items()),
        key=lambda x: (x[0], x[1][0]),
    )
    meta = {"seed": args.seed, "mb": args.mb, "corpus": stats, "pool": len(rated), "dicts": {}}
    target = args.calibration / args.bytes_per_match
    for size in [int(s) for s in args.sizes.split(",")]:
        chosen, rate = choose(rated, size, target, args.stride)
        label = f"{size // 1000}k" if size % 1000 == 0 else str(size)
        path = os.path.join(args.out, f"dict-{label}.tsv")
        lengths = [0, 0, 0, 0, 0]
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write(f"# benches/gen_corpus.py --seed {args.seed}: {size} phrases, generated, no third-party text\n")
            out.write(f"# expected one match per {1 / rate:.0f} bytes of corpus (before overlaps)\n")
            for _, (key, text, p) in sorted(chosen, key=lambda x: x[1][0]):
                lengths[len(p)] += 1
                out.write(f"{text}\t{replacement(lang, p)}\n")
        per_byte = [r for r, _ in chosen]
        meta["dicts"][label] = {
            "phrases": size,
            "expected_bytes_per_match": 1 / rate * args.calibration,
            "expected_count_in_corpus_min": min(per_byte) * stats["bytes"],
            "expected_count_in_corpus_max": max(per_byte) * stats["bytes"],
            "phrases_by_words": lengths[1:],
        }
        print(
            f"{os.path.basename(path)}: {size} phrases (1-4 words: {lengths[1:]}), "
            f"expected count each {min(per_byte) * stats['bytes']:.2f}..{max(per_byte) * stats['bytes']:.2f}, "
            f"about one match per {args.bytes_per_match:.0f} bytes",
            file=sys.stderr,
        )
    with open(os.path.join(args.out, "meta.json"), "w") as out:
        json.dump(meta, out, indent=1)
        out.write("\n")
    print(f"done in {time.time() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
