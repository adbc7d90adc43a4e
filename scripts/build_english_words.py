#!/usr/bin/env python3
"""Writes dictionaries/english-words.txt, the list of common English words that tells a
name made of ordinary words ("The King", "Big Mouth", "Agency") from a distinctive one.

This is the only build step that needs packages from PyPI; its output is committed, so
`scripts/build_names.py` and the Rust build need no network. To refresh the list:

    python3 -m venv /tmp/wl && /tmp/wl/bin/pip install wordfreq==3.1.1 english-words==2.0.2
    /tmp/wl/bin/python scripts/build_english_words.py

How the list is made (all deterministic):

1. Candidates: the 50,000 most frequent English words of wordfreq 3.1.1
   (`wordfreq.top_n_list("en", 50000)`, the "large" English list), ASCII letters only.
2. A candidate is kept when it is a common (lower-case) word of Webster's Second
   International (the `web2` list of english-words 2.0.2: proper nouns are capitalised
   there, so names such as "John" fall out), or a headword of GCIDE (the `gcide` list of
   english-words 2.0.2, which adds modern and irregular forms such as "online", "women",
   "proud", but has no case: its words that web2 has only capitalised, such as "Daniel",
   are left out, though a few place names such as "London" still come in), or one
   of a small hand list (`SUPPLEMENT`: "playlist", "webtoon", "monday", "began"; these are
   always included), or a regular inflection of any of these ("girls", "loved",
   "happier").
3. Short and foreign words are removed: a word of one or two letters must be in
   `SHORT_WORDS` ("a", "an", "of", "oh", "tv"; so "de", "la", "st" fall out), and a word
   much more frequent in French, Spanish, German, Italian, Portuguese or Dutch than in
   English (per wordfreq: 1.5 more on the Zipf scale, i.e. about 30 times, or 2.5 more
   for words that GCIDE, the other list of english-words, also has, or has the base word
   of) is taken as foreign ("ami", "und", "las"; "piano", "die", "logo" stay).
4. Romanized Korean syllables and family names (`SYLLABLES` and `SURNAMES` of
   build_names.py, plus `KOREAN_EXTRA`) are removed, except those that are also everyday English
   (`EVERYDAY`: "song", "young", "won", "sun", "moon", "go", "park", "so", ...).
   The script prints which syllables overlapped and what it did with each.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_names import SURNAMES, SYLLABLES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "dictionaries" / "english-words.txt"
TOP_N = 50_000
WORDFREQ_VERSION = "3.1.1"
ENGLISH_WORDS_VERSION = "2.0.2"

# Romanized syllables that are also everyday English words: they stay in the list.
EVERYDAY = frozenset(
    """
    a ah an ban bang bin bit dam do gang gap go gun ha ham hang in man moon no oh ok on
    park ram ran rang sang so son song sun sung won wool you young
    """.split()
)

# The only words of one or two letters that count as English.
SHORT_WORDS = frozenset(
    """
    a ah am an as at ax be by do dr eh ex go ha he hi if in is it me mr ms my no of oh ok
    on or ow ox pm so to tv uh um up us vs we
    """.split()
)
FOREIGN = ("fr", "es", "de", "it", "pt", "nl")

# Other romanized syllables seen in the names data (spelling variants outside the tables:
# "Mun", "Nae", "Doh") that some dictionary lists as an English word.
KOREAN_EXTRA = frozenset("bon doh gam jee kam lin mun nae nee rong sic tam yea yuh".split())

# Everyday words that web2 (1934) lacks and GCIDE lacks or has only as a name
# ("Began"): modern words and irregular forms. Always included.
SUPPLEMENT = frozenset(
    """
    became began children feet geese has heard held men mice paid said teeth women
    anymore app apps babysitter blog boyfriend bubblegum cafe ceo christmas cookie dad
    dvd email fridge girlfriend goodbye hashtag hometown internet intro laptop
    lifestyle logout makeup mama mom monday mr mrs ms multi ok okay online papa paparazzi
    playlist pm reboot remarriage rooftop saturday showtime sleepover soundtrack sunday
    sushi thursday tuesday tv vlog vs webtoon website wednesday weirdo youtube youtuber
    january february march april may june july august september october november
    december friday dr
    """.split()
)


def base_forms(word: str) -> list[str]:
    """Possible base words of a regular inflection: "stars" -> "star", "happier" ->
    "happy", "running" -> "run", "loved" -> "love"."""
    out = []
    rules = [
        ("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"),
        ("ing", ""), ("ing", "e"), ("er", ""), ("er", "e"), ("est", ""), ("est", "e"),
        ("ly", ""), ("ily", "y"), ("ier", "y"), ("iest", "y"), ("ness", ""), ("ment", ""),
    ]
    for suffix, repl in rules:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            out.append(word[: -len(suffix)] + repl)
    for suffix in ("ing", "ed", "er", "est"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3 and stem[-1] == stem[-2]:
            out.append(stem[:-1])
    return out


def main() -> int:
    import english_words
    import wordfreq
    from importlib.metadata import version

    for pkg, want in (("wordfreq", WORDFREQ_VERSION), ("english-words", ENGLISH_WORDS_VERSION)):
        if version(pkg) != want:
            sys.exit(f"{pkg} {version(pkg)} installed; this list is made with {pkg}=={want}")

    web2 = english_words.get_english_words_set(["web2"], lower=False, alpha=False)
    common = {w for w in web2 if w.isascii() and w.isalpha() and w == w.lower()}
    top = [w for w in wordfreq.top_n_list("en", TOP_N) if w.isascii() and w.isalpha()]
    korean = {s.lower() for s in SYLLABLES | SURNAMES} | KOREAN_EXTRA

    gcide = {
        w.lower()
        for w in english_words.get_english_words_set(["gcide"], lower=False, alpha=False)
        if w.isascii() and w.isalpha()
    }
    # Capitalised-only entries of web2 are proper nouns ("Daniel", "Victoria"): GCIDE has no
    # case, so its headwords count only when web2 does not know them as names.
    proper = {w.lower() for w in web2 if w.isascii() and w.isalpha() and w != w.lower()} - common
    known = common | (gcide - proper) | SUPPLEMENT
    kept, overlap_kept, overlap_dropped, foreign = [], [], [], []
    for w in top:
        ok = w in known or any(b in known for b in base_forms(w))
        if not ok:
            continue
        if len(w) <= 2 and w not in SHORT_WORDS and w != "i":
            continue
        in_gcide = w in gcide or any(b in gcide for b in base_forms(w))
        margin = 2.5 if in_gcide else 1.5
        if max(wordfreq.zipf_frequency(w, lang) for lang in FOREIGN) > wordfreq.zipf_frequency(w, "en") + margin:
            foreign.append(w)
            continue
        if w in korean:
            (overlap_kept if w in EVERYDAY else overlap_dropped).append(w)
            if w not in EVERYDAY:
                continue
        kept.append(w)
    kept = sorted(set(kept) | SUPPLEMENT)

    header = f"""\
# Common English words, lower case, one a line ({len(kept)} words).
#
# GENERATED by scripts/build_english_words.py - do not edit by hand.
# Used by scripts/build_names.py to mark names made only of ordinary English words
# ("The King", "Big Mouth", "Agency") with `generate: false`, and meant for the engine to
# decide whether a case-garbled name match could be ordinary prose.
#
# Provenance:
# - word frequencies: wordfreq {WORDFREQ_VERSION} (PyPI `wordfreq`, by Robyn Speer),
#   wordfreq.top_n_list("en", {TOP_N}); code Apache-2.0, data CC BY-SA 4.0
#   (https://creativecommons.org/licenses/by-sa/4.0/). As a derivative of that data this
#   file is offered under CC BY-SA 4.0.
# - dictionary filter, from english-words {ENGLISH_WORDS_VERSION} (PyPI `english-words`, MIT):
#   the lower-case entries of web2 (Webster's Second International, public domain) and the
#   headwords of gcide (GNU Collaborative International Dictionary of English 0.53) that
#   web2 does not have only as proper nouns, with their regular inflections, plus
#   {len(SUPPLEMENT)} modern or irregular words listed in the script.
# - removed: words of one or two letters not in the script's SHORT_WORDS; {len(foreign)} words
#   far more frequent in French, Spanish, German, Italian, Portuguese or Dutch (wordfreq);
#   romanized Korean syllables and family names
#   that are not everyday English ({len(overlap_dropped)} of the top words, e.g.
#   {", ".join(sorted(overlap_dropped)[:12])}).
# - kept although also romanized syllables ({len(overlap_kept)}): {", ".join(sorted(overlap_kept))}.
"""
    OUT.write_text(header + "\n".join(kept) + "\n", encoding="utf-8", newline="\n")
    print(f"{OUT}: {len(kept)} words")
    print(f"syllables kept as English ({len(overlap_kept)}): {' '.join(sorted(overlap_kept))}")
    print(f"foreign words removed ({len(foreign)}): {' '.join(sorted(foreign)[:60])} ...")
    print(f"syllables removed ({len(overlap_dropped)}): {' '.join(sorted(overlap_dropped))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
