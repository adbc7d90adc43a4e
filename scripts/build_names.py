#!/usr/bin/env python3
"""Builds the generated name dictionaries of the `kdrama` pack from `data/names/*.csv`.

    python3 scripts/build_names.py            # (re)writes dictionaries/kdrama/names-*.yaml
    python3 scripts/build_names.py --check    # exit 1 if a generated file is missing or stale
    python3 scripts/build_names.py --report   # also prints what each cleaning rule did

Python 3.11 standard library only, no network: the inputs are the CSVs copied into
`data/names/` (see `data/SOURCES.md`) and the committed word list
`dictionaries/english-words.txt` (made once by `scripts/build_english_words.py`).
The output is a pure function of those files: entries are sorted, every choice has a
deterministic tie-break, so running the script twice gives identical bytes.

What it writes, in this order (a name that occurs in several sources is written once, in
the first of these files, with the spelling chosen in `choose_spelling`):

| file                   | from                                          | category |
|------------------------|-----------------------------------------------|----------|
| names-actors.yaml      | actor_name of the MyDramaList extract          | person   |
| names-idols.yaml       | Stage Name and Full Name of the K-pop idols    | person   |
| names-groups.yaml      | group CSVs (Name, Short) and the idols' groups | group    |
| names-titles.yaml      | drama_name of the MyDramaList extract          | title    |
| names-characters.yaml  | character_name of the MyDramaList extract      | person   |

Cleaning (each rule has a unit test in `scripts/test_build_names.py`; `--report` counts
what each did):

- a byte-order mark on the first header, white space runs, no-break spaces and
  leading/trailing spaces are normalised; Cyrillic look-alike letters in Latin names are
  replaced ("Сhun Na Ra"); two known corruptions are repaired (`REPAIRS`: "Ros?" -> "Rosé");
- character names lose every `[...]` and `{...}` note ("Kim Dan [Young]" -> "Kim Dan",
  also an unclosed `[` or a `[...}` typo) and every `(...)` note ("(Ep. 3)", "(cameo)");
  a credit that was only a note ("[Herself]") is dropped;
- character names holding several names are split on `/`, `|` and `→`
  ("Aurora/Oh Ro Ra" -> "Aurora", "Oh Ro Ra"); quotes around a whole name are removed
  ('"Tammy"' -> "Tammy"), a quoted gloss beside a name is dropped ('Woo Joo "Universe"');
- a character name that starts with title words ("Principal Kyung Pil",
  "Det. Park Joong Ki", "Grand Prince Yang Myung") is kept as credited, and also yields
  the bare name when what is left is a full name of two or more words ("Kyung Pil",
  "Park Joong Ki"): articles usually drop the title. A bare single word ("Detective Min"
  -> "Min") is not yielded: a lone surname or syllable is no name;
- character names that are only role words ("Himself", "Narrator", "Student 1", "Young
  Man"), that describe rather than name (a word in lower case: "Ae Bong's mother"), or
  that hold digits ("Number 13", "#306") are dropped. These three rules are for character
  credits only: "Boyfriend" is a group, "The8" a stage name, "Reply 1988" a title;
- names with no letter at all ("100%"), corrupt names (a `?` standing for a lost letter in
  a person or group name, an e-mail-obfuscation artefact in a title) and empty names are
  dropped;
- a Korean-shaped person name in odd case ("Lee Gun chang", "ParK Kyung Suk") gets its
  syllables capitalised;
- titles lose a trailing comma ("Nevertheless," -> "Nevertheless"), and a title ending in
  "Season N" also yields the title without it;
- duplicates are merged: names are compared as the engine compares them (ASCII case,
  white space and quote style ignored), and one canonical spelling is kept per name
  (`choose_spelling`).

Idol full names with an unspaced Korean given name ("Jang Wooyoung") get the spaced form
("Jang Woo Young") when the given name splits in exactly one way into two syllables of
`SYLLABLES` and the Hangul name has three syllables; it is a hand variant of the unspaced
name (or a name of its own: see `SPACED_FORM_AS_VARIANT`), and is left out when it is a
canonical name anyway.

Names made only of common English words ("The King", "Big Mouth", "Agency", "So Young") and
single letters ("L") get `generate: false` and a note: the engine must match them only in
the listed case or, for titles, in quotes. Three-word Korean names whose syllables happen to
be English words ("Park So Dam") are not marked.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "names"
OUT = ROOT / "dictionaries" / "kdrama"
ENGLISH = ROOT / "dictionaries" / "english-words.txt"
GENERATED_BY = "scripts/build_names.py"

# Output files, in priority order: a name is written to the first file that has it.
FILES = ["actors", "idols", "groups", "titles", "characters"]
CATEGORY = {
    "actors": "person",
    "idols": "person",
    "groups": "group",
    "titles": "title",
    "characters": "person",
}

# How the spaced form of an idol's full name ("Jang Woo Young" for "Jang Wooyoung") is
# written. True: as a hand variant of the unspaced name, so the engine rewrites a spaced
# form to the unspaced canonical (also in clean text that used the spaced form). False: as
# a canonical name of its own, so both forms are kept as written and each is repaired
# from its own garbles.
SPACED_FORM_AS_VARIANT = False

ENGLISH_NOTE = "all tokens are English words; matched only in listed case or in quotes"
LETTER_NOTE = "a single letter; matched only in listed case or in quotes"

# ---------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------

# Romanized Korean given-name syllables as English-language K-news writes them: every
# syllable found at least five times in the spaced given names of the MyDramaList extract
# (non-syllables such as "Dowager" removed). Used to split "Wooyoung" into "Woo Young",
# to recognise Korean-shaped names, and (by build_english_words.py) to keep these
# syllables out of the English word list.
SYLLABLES = frozenset(
    """
    A Ae Ah An Ba Bae Baek Ban Bang Beom Bi Bin Bit Bo Bok Bom Bong Boo Boon Bum Byeok
    Byeong Byul Byung Cha Chae Chan Chang Cheol Cheon Chi Chil Cho Choon Choong Chul
    Chun Chung Da Dae Dal Dam Dan Deok Deuk Deul Do Dol Dong Doo Du Duk Eon Eui Eul Eum
    Eun Ga Gang Gap Geon Geum Geun Gi Gil Go Gon Gong Goo Gook Gu Guk Gun Gwang Gwi Gye
    Gyeol Gyeong Gyu Gyum Gyun Gyung Ha Hae Haeng Hak Han Hang Hee Heon Ho Hong Hoo Hoon
    Hui Hun Hwa Hwan Hwang Hwi Hyang Hye Hyeok Hyeon Hyeong Hyo Hyuk Hyun Hyung Ik Il Im
    In Ja Jae Jang Je Jeong Ji Jin Jo Jong Joo Joon Joong Ju Jun Jung Ka Kang Ki Kook
    Kwan Kwang Kwon Kyeong Kyo Kyu Kyum Kyun Kyung Ma Mal Man Mi Min Mo Mok Moo Moon Mu
    Myeong Myung Na Nam Nan Neul Ni Nyeo Oh Ok On Pa Pal Pil Poong Pyo Pyung Ra Rae Ram
    Ran Rang Reum Ri Rim Rin Ro Rok Roo Ru Rye Ryeong Ryong Ryul Ryun Ryung Sa Sae Sam
    San Sang Se Seo Seob Seok Seol Seon Seong Seop Seul Seung Shi Shik Shil Shim Shin Si
    Sik So Sol Som Song Soo Sook Soon Su Sub Suk Sul Sun Sung Tae Taek Tak U Wan Wang
    Wol Won Woo Wook Wool Woon Woong Yang Ye Yeo Yeol Yeon Yeong Yi Yo Yong Yoo Yool
    Yoon You Young Yu Yul Yun
    """.split()
)

# Korean family names in the romanizations the sources use.
SURNAMES = frozenset(
    """
    Ahn An Bae Baek Ban Bang Beom Bong Boo Byeon Byun Cha Chae Cheon Cho Choe Choi Choo Chu
    Chun Do Dok Dong Eo Eom Eun Ga Gang Geum Gi Gil Go Gong Goo Gook Gu Gwak Gye Ha Ham
    Han Heo Hong Hur Hwang Hyun Im Jang Je Jeon Jeong Ji Jin Jo Joo Ju Jun Jung Kang Ki
    Kim Ko Koh Kong Koo Kook Ku Kwak Kwon Kye Lee Lim Ma Maeng Min Mo Mok Moo Moon
    Myeong Myung Na Nam No Noh Oh Ohn Ok On Ong Park Pi Pyo Ra Ri Roh Ryoo Ryu Sa Seo
    Seok Seol Seon Seong Shim Shin So Son Song Suh Suk Sul Sun Sung Tae Tak Uhm Wang Wi
    Won Woo Yang Ye Yeo Yeom Yeon Yi Yim Yong Yoo Yook Yoon Yu Yun
    """.split()
)

# Words that make a credit a role rather than a name. A name made only of these, numbers
# and filler words is dropped ("Himself", "Student 1", "Young Man"); "Iron Man" is kept
# because "iron" is not a role word.
ROLE_WORDS = frozenset(
    """
    adult ahjumma ahjussi ajumma ajusshi announcer appearance assistant aunt auntie baby
    bartender boss boy boyfriend brother butler cameo captain cast ceo chairman chef chief
    child civilian classmate clerk coach colleague cook coworker customer dad daughter
    detective director doctor driver employee extra fan father female friend gangster
    gentleman ghost girl girlfriend grandfather grandma grandmother grandpa granny guard
    guest herself himself host husband idol intern judge kid lady lawyer leader male man
    manager mc member men mom mother narrator neighbor neighbour noona nurse officer old
    oppa owner passerby patient police policeman policewoman president principal
    professor prosecutor receptionist reporter resident secretary security self singer
    sister soldier son staff stranger student suspect teacher teen teenager thug trainee
    uncle unnie victim villager voice waiter waitress wife witness woman women worker young
    younger
    """.split()
)
# Words that may stand beside role words without making a name ("Mysterious Woman").
ROLE_FILLERS = frozenset(
    """
    a an and the of in at with from no no. nos # middle aged little big elderly
    mysterious special unknown other another various first second third fourth fifth
    team private head vice deputy senior junior executive department section
    """.split()
)

# Title words that may precede a character's name ("Principal Kyung Pil").
TITLE_WORDS = frozenset(
    """
    agent aunt auntie butler capt captain ceo chairman chairwoman chief coach commander
    consort court crown department deputy det detective director doctor dowager dr eunuch general
    grand grandma grandpa granny head inspector judge king lady leader lieutenant lord
    lt madam madame manager master minister miss mr mrs ms nurse officer pastor president
    prince princess principal prof professor prosecutor queen reverend secretary sergeant
    sgt sir surgeon teacher team uncle vice
    """.split()
)

# Known corruptions in the sources, repaired rather than dropped (the `?` stands for a
# letter lost in an encoding round trip; the Hangul column confirms the name).
REPAIRS = {
    "Ros?": "Rosé",
    # A credit written in Portuguese ("academy director Kim Won Hae").
    "Diretor da Academia Kim Won Hae": "Kim Won Hae",
}

# Cyrillic letters that look Latin, as they appear in otherwise Latin names ("Сhun Na Ra"
# starts with a Cyrillic Es).
HOMOGLYPHS = str.maketrans("АВЕКМНОРСТХаеорсухі", "ABEKMHOPCTXaeopcyxi")

# ---------------------------------------------------------------------------------------
# Cleaning primitives (pure functions; see the tests)
# ---------------------------------------------------------------------------------------


class Stats:
    """Counts what each cleaning rule did, for the report."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.samples: dict[str, list[str]] = defaultdict(list)

    def note(self, rule: str, sample: str = "") -> None:
        self.counts[rule] += 1
        if sample:
            self.samples[rule].append(sample)


NO_STATS = Stats()

_SPACE = re.compile(r"[\s\u00a0\u200b\ufeff]+")


def normalize_space(text: str) -> str:
    """Drops BOMs and zero-width spaces, folds every white-space run to one space, trims."""
    text = unicodedata.normalize("NFC", text)
    return _SPACE.sub(" ", text).strip()


def strip_brackets(text: str) -> str:
    """Removes `[...]` and `{...}` notes, including `[...}` typos and an unclosed `[` or
    `{` to the end."""
    text = re.sub(r"[\[{][^\]}]*[\]}]", " ", text)
    text = re.sub(r"[\[{].*$", " ", text)
    return normalize_space(text)


def strip_parentheses(text: str) -> str:
    """Removes `(...)` notes ("(Ep. 3)", "(cameo)"), and an unclosed `(` to the end."""
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"\(.*$", " ", text)
    return normalize_space(text)


_QUOTES = "\"'“”‘’`"


def strip_quotes(text: str) -> str:
    """Removes quotes around a whole name ('"Tammy"' -> 'Tammy'), keeping inner
    apostrophes ("Go'spresso"), and drops a double-quoted nickname or gloss written beside
    a name ('Woo Joo "Universe"' -> 'Woo Joo', '"Khaya" Kim Swan' -> 'Kim Swan')."""
    text = normalize_space(text)
    while len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES and text[0] != "'" \
            and not re.search(r"[\"“”]", text[1:-1]):
        text = text[1:-1].strip()
    while len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        text = text[1:-1].strip()
    rest = normalize_space(re.sub(r"[\"“][^\"”]*[\"”]", " ", text))
    if rest and rest != text:
        text = rest
    return normalize_space(text.replace('"', "").replace("“", "").replace("”", ""))


def split_alternatives(text: str) -> list[str]:
    """Splits a credit naming one character several ways, on `/`, `|` and `→`."""
    return [p for p in (normalize_space(x) for x in re.split(r"[/|→]", text)) if p]


def words(name: str) -> list[str]:
    """Word tokens as the engine sees them (runs of letters, digits and `_`), with an
    apostrophe kept inside a word ("Girls'" -> "Girls", "It's" -> "It's")."""
    return re.findall(r"[^\W_]+(?:['’][^\W_]+)*", name)


def has_letter(name: str) -> bool:
    return any(c.isalpha() for c in name)


def is_role_only(name: str) -> bool:
    """True when a name is only role words, numbers and fillers ("Student 1", "Man")."""
    tokens = [t.lower() for t in re.findall(r"[^\W_]+|#", name)]
    if not tokens:
        return False
    has_role = False
    for t in tokens:
        if t in ROLE_WORDS:
            has_role = True
        elif t in ROLE_FILLERS or t.isdigit() or re.fullmatch(r"\d+(st|nd|rd|th)", t):
            continue
        else:
            return False
    return has_role


def split_title(name: str) -> tuple[str, str]:
    """Splits leading title words off a name: ("Principal", "Kyung Pil").

    Returns ("", name) when the name does not start with a title word, or when nothing
    would be left."""
    tokens = name.split()
    i = 0
    while i < len(tokens) - 1 and tokens[i].lower().rstrip(".") in TITLE_WORDS:
        i += 1
    if i == 0:
        return "", name
    return " ".join(tokens[:i]), " ".join(tokens[i:])


def bare_name(name: str) -> str | None:
    """The name without its title words, when that is a full name of two or more
    capitalised words ("Det. Park Joong Ki" -> "Park Joong Ki"); else None."""
    title, rest = split_title(name)
    if not title:
        return None
    tokens = rest.split()
    if len(tokens) < 2 or not all(t[:1].isupper() for t in tokens):
        return None
    if any(t.lower().rstrip(".") in TITLE_WORDS for t in tokens):
        return None
    return rest


def is_korean_shaped(name: str) -> bool:
    """A romanized Korean name: a family name and syllables ("Lee Gun chang"), or two or
    three syllables ("Ha Na"). Case-insensitive."""
    tokens = name.split()
    if not 2 <= len(tokens) <= 4:
        return False
    cap = [t[:1].upper() + t[1:].lower() for t in tokens]
    if cap[0] in SURNAMES and all(t in SYLLABLES for t in cap[1:]):
        return True
    return len(tokens) <= 3 and all(t in SYLLABLES for t in cap)


def fix_korean_case(name: str) -> str:
    """Capitalises the syllables of a Korean-shaped name ("Lee Gun chang" -> "Lee Gun
    Chang", "Madame ParK Kyung Suk" -> "Madame Park Kyung Suk"); other names are returned
    unchanged."""
    title, rest = split_title(name)
    if not is_korean_shaped(rest):
        return name
    fixed = " ".join(t[:1].upper() + t[1:].lower() for t in rest.split())
    return f"{title} {fixed}" if title else fixed


def split_syllables(given: str) -> list[tuple[str, str]]:
    """Every way to write `given` as two syllables of SYLLABLES ("Wooyoung" ->
    [("Woo", "Young")]). Case-insensitive; the parts come back capitalised."""
    g = given.lower()
    out = []
    for i in range(1, len(g)):
        a, b = g[:i].capitalize(), g[i:].capitalize()
        if a in SYLLABLES and b in SYLLABLES:
            out.append((a, b))
    return out


def hangul_syllables(korean: str) -> int:
    """Number of Hangul syllables in a Korean name (spaces and stray `?` ignored)."""
    return sum(1 for c in korean if "\uac00" <= c <= "\ud7a3")


def spaced_given_name(full_name: str, korean_name: str = "") -> str | None:
    """The spaced form of an idol's full name, or None when unsure.

    "Jang Wooyoung" (장우영) -> "Jang Woo Young"; "Ahn Hee-yeon" -> "Ahn Hee Yeon".
    Only for a known family name plus one given-name word that splits in exactly one way
    into two syllables; when a Hangul name is given it must have 3 syllables (family name
    plus two)."""
    tokens = full_name.split()
    if len(tokens) != 2 or tokens[0] not in SURNAMES:
        return None
    if korean_name and hangul_syllables(korean_name) != 3:
        return None
    family, given = tokens
    if "-" in given:
        parts = given.split("-")
        if len(parts) != 2:
            return None
        a, b = (p.capitalize() for p in parts)
        if a in SYLLABLES and b in SYLLABLES:
            return f"{family} {a} {b}"
        return None
    splits = split_syllables(given)
    if len(splits) != 1:
        return None
    a, b = splits[0]
    return f"{family} {a} {b}"


def season_base(title: str) -> str | None:
    """'Voice Season 2' -> 'Voice'; None when the title does not end in a season."""
    m = re.fullmatch(r"(.+?)[\s:,-]+Season \d+(?:\.\d+)?", title)
    return m.group(1).strip() if m else None


# ---------------------------------------------------------------------------------------
# Cleaning per source column
# ---------------------------------------------------------------------------------------


def _repair(text: str, stats: Stats) -> str:
    if text in REPAIRS:
        stats.note("repaired corruption", f"{text} -> {REPAIRS[text]}")
        return REPAIRS[text]
    return text


def _start(raw: str, stats: Stats) -> str:
    text = normalize_space(raw)
    if text != raw:
        stats.note("white space normalised", repr(raw))
    if re.search(r"[A-Za-z]", text):
        fixed = text.translate(HOMOGLYPHS)
        if fixed != text:
            stats.note("Cyrillic look-alike letters repaired", f"{text} -> {fixed}")
            text = fixed
    return _repair(text, stats)


def is_description(name: str) -> bool:
    """A character credit that describes rather than names: a word in lower case
    ("Ae Bong's mother", "Banquet noodles", "Casual encounter to Yoo Hyuk"). Hyphenated
    given names ("Hee-seok") start in upper case and are not affected."""
    return any(t[:1].islower() for t in name.split())


def _final_checks(name: str, stats: Stats, raw: str, character: bool = False, title: bool = False) -> str | None:
    """Drops what is not a name; returns the cleaned name or None.

    Role words and digits are checked for character names only: "Boyfriend", "TEEN TEEN"
    and "2PM" are real group names, "The8" a real stage name, "Reply 1988" a title."""
    if not name:
        if raw.strip():
            stats.note("dropped: nothing left but a note", raw.strip())
        else:
            stats.note("dropped: empty")
        return None
    if "[email" in name or "protected]" in name or ("?" in name and not title):
        stats.note("dropped: corrupt", raw)
        return None
    if not has_letter(name):
        stats.note("dropped: no letters", raw)
        return None
    if character and is_role_only(name):
        stats.note("dropped: role word", name)
        return None
    if character and is_description(name):
        stats.note("dropped: description, not a name", name)
        return None
    if character and any(c.isdigit() for c in name):
        stats.note("dropped: digits", name)
        return None
    return name


def clean_character(raw: str, stats: Stats = NO_STATS) -> list[str]:
    """Cleans one character_name cell into zero or more names."""
    text = _start(raw, stats)
    if "[" in text or "{" in text:
        text = strip_brackets(text)
        stats.note("[...] note stripped", raw.strip())
    if "(" in text:
        text = strip_parentheses(text)
        stats.note("(...) note stripped", raw.strip())
    parts = split_alternatives(text)
    if len(parts) > 1:
        stats.note("split on / or |", raw.strip())
    out: list[str] = []
    for part in parts or [""]:
        name = strip_quotes(part).strip(" ,;:-")
        fixed = fix_korean_case(name)
        if fixed != name:
            stats.note("case repaired", f"{name} -> {fixed}")
            name = fixed
        name = _final_checks(name, stats, raw, character=True)
        if name is None:
            continue
        out.append(name)
        bare = bare_name(name)
        if bare:
            bare = fix_korean_case(bare)
            stats.note("title word: bare name added", f"{name} -> {bare}")
            out.append(bare)
    return out


def clean_person(raw: str, stats: Stats = NO_STATS) -> list[str]:
    """Cleans an actor name, idol stage name or idol full name (digits allowed: "The8")."""
    text = strip_quotes(_start(raw, stats))
    name = _final_checks(text, stats, raw)
    if name is None:
        return []
    fixed = fix_korean_case(name)
    if fixed != name:
        stats.note("case repaired", f"{name} -> {fixed}")
    return [fixed]


def clean_group(raw: str, stats: Stats = NO_STATS) -> list[str]:
    """Cleans a group cell; the idols' Group columns may list several, comma-separated."""
    out = []
    for part in _start(raw, stats).split(","):
        if not part.strip():
            continue  # an empty optional cell (Short, Other Group) is no dropped name
        name = _final_checks(normalize_space(part), stats, raw)
        if name is not None:
            out.append(name)
    return out


def clean_title(raw: str, stats: Stats = NO_STATS) -> list[str]:
    """Cleans a drama title; a title ending in "Season N" also yields the bare title."""
    text = _start(raw, stats)
    if text.endswith(","):
        stats.note("trailing comma stripped", text)
        text = text.rstrip(", ")
    name = _final_checks(text, stats, raw, title=True)
    if name is None:
        return []
    out = [name]
    base = season_base(name)
    if base:
        stats.note("season base title added", f"{name} -> {base}")
        out.append(base)
    return out


# ---------------------------------------------------------------------------------------
# Reading the sources
# ---------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows as dicts; a BOM and stray spaces are removed from the header names."""
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = list(reader)
    if not rows:
        return []
    header = [normalize_space(h.lstrip("\ufeff")) for h in rows[0]]
    return [dict(zip(header, r)) for r in rows[1:] if any(c.strip() for c in r)]


@dataclass
class Candidate:
    """One spelling of a name as found in one source."""

    name: str
    file: str
    # Spellings from an authoritative column (the group CSVs' Name) win case ties.
    authority: int = 0
    variants: list[str] = field(default_factory=list)


def collect(data: Path, stats: Stats) -> list[Candidate]:
    """Every cleaned name from every source, in source order."""
    out: list[Candidate] = []
    drama = read_csv(data / "mydramalist-actors-characters.csv")
    for row in drama:
        for n in clean_person(row.get("actor_name", ""), stats):
            out.append(Candidate(n, "actors"))
    idols = read_csv(data / "kpop-idols.csv")
    for row in idols:
        for n in clean_person(row.get("Stage Name", ""), stats):
            out.append(Candidate(n, "idols"))
        korean = row.get("Korean Name", "")
        for n in clean_person(row.get("Full Name", ""), stats):
            variants = []
            if row.get("Country", "").strip() == "South Korea":
                spaced = spaced_given_name(n, korean)
                if spaced and SPACED_FORM_AS_VARIANT:
                    stats.note("idol full name: spaced variant", f"{n} -> {spaced}")
                    variants.append(spaced)
                elif spaced:
                    stats.note("idol full name: spaced form added as a name", f"{n} -> {spaced}")
                    out.append(Candidate(spaced, "idols"))
            out.append(Candidate(n, "idols", variants=variants))
    for gfile in ("kpop-boy-groups.csv", "kpop-girl-groups.csv"):
        for row in read_csv(data / gfile):
            for n in clean_group(row.get("Name", ""), stats):
                out.append(Candidate(n, "groups", authority=1))
            for n in clean_group(row.get("Short", ""), stats):
                out.append(Candidate(n, "groups"))
    for row in idols:
        for col in ("Group", "Other Group"):
            for n in clean_group(row.get(col, ""), stats):
                out.append(Candidate(n, "groups"))
    for row in drama:
        for n in clean_title(row.get("drama_name", ""), stats):
            out.append(Candidate(n, "titles"))
    for row in drama:
        for n in clean_character(row.get("character_name", ""), stats):
            out.append(Candidate(n, "characters"))
    return out


# ---------------------------------------------------------------------------------------
# One canonical spelling per name
# ---------------------------------------------------------------------------------------

_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "‛": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"'})


def name_key(name: str) -> str:
    """How the engine compares names: ASCII case folded, spaces folded, quotes straight."""
    text = normalize_space(name).translate(_STRAIGHT)
    return "".join(c.lower() if c.isascii() else c for c in text)


def case_penalty(name: str) -> int:
    """How far a spelling is from proper case: words starting in lower case, other than
    short function words inside titles, count against it."""
    minor = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "of",
             "on", "or", "the", "to", "vs", "with"}
    tokens = words(name)
    return sum(1 for i, t in enumerate(tokens) if t[:1].islower() and (i == 0 or t not in minor))


def choose_spelling(spellings: Counter[str], authority: dict[str, int]) -> str:
    """The canonical spelling among case variants of one name: proper case first, then an
    authoritative source (the group lists' own spelling: "TWICE"), then a stylised spelling
    ("BoA" before "Boa"), then fewer words in capitals ("Jin" before "JIN"), then the most
    frequent, then fewer capitals, then code-point order."""

    def rank(s: str) -> tuple[int, int, int, int, int, int, str]:
        # A capital inside a word is a deliberate stylisation ("BoA", "YooA", "HoYa")
        # that a careless source flattens, never the other way round.
        styled = 1 if re.search(r"[a-z][A-Z]", s) else 0
        # A whole word in capitals is shouting unless the source is authoritative.
        shouting = sum(1 for t in words(s) if len(t) >= 3 and t.isupper())
        capitals = sum(1 for c in s if c.isupper())
        return (case_penalty(s), -authority.get(s, 0), -styled, shouting, -spellings[s], capitals, s)

    return min(spellings, key=rank)


@dataclass
class Entry:
    """One rule of a generated names file."""

    name: str
    file: str
    variants: list[str] = field(default_factory=list)
    generate: bool = True
    note: str = ""


def build_entries(cands: list[Candidate], stats: Stats) -> list[Entry]:
    """Merges candidates into one entry per name key, in the first file that has it."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    authority: dict[str, dict[str, int]] = defaultdict(dict)
    first_file: dict[str, int] = {}
    files_of: dict[str, set[str]] = defaultdict(set)
    variants: dict[str, set[str]] = defaultdict(set)
    for c in cands:
        k = name_key(c.name)
        spellings[k][c.name] += 1
        authority[k][c.name] = max(authority[k].get(c.name, 0), c.authority)
        rank = FILES.index(c.file)
        first_file[k] = min(first_file.get(k, rank), rank)
        files_of[k].add(c.file)
        variants[k].update(c.variants)
    for k, sp in spellings.items():
        total = sum(sp.values())
        stats.counts["duplicates merged"] += total - 1
        if len(sp) > 1:
            chosen = choose_spelling(sp, authority[k])
            for s in sorted(sp):
                if s != chosen:
                    stats.note("case variant merged", f"{s} -> {chosen}")
        for f in files_of[k]:
            if FILES.index(f) > first_file[k]:
                stats.note(f"in an earlier file: {f}", min(sp))
    # Variants: keep those that are not a canonical name themselves and belong to one
    # name only (a variant shared by two names is ambiguous).
    owners: dict[str, set[str]] = defaultdict(set)
    for k, vs in variants.items():
        for v in vs:
            owners[name_key(v)].add(k)
    entries = []
    for k in sorted(spellings):
        name = choose_spelling(spellings[k], authority[k])
        vs = []
        for v in sorted(variants[k]):
            vk = name_key(v)
            if vk == k:
                continue
            if vk in spellings:
                stats.note("variant dropped: is a canonical name", f"{name} ~ {v}")
                continue
            if len(owners[vk]) > 1:
                stats.note("variant dropped: shared by two names", f"{name} ~ {v}")
                continue
            vs.append(v)
        entries.append(Entry(name, FILES[first_file[k]], vs))
    return entries


# ---------------------------------------------------------------------------------------
# Common English words
# ---------------------------------------------------------------------------------------


def load_english(path: Path = ENGLISH) -> frozenset[str]:
    """The committed word list: one lower-case word a line, `#` comments."""
    if not path.exists():
        sys.exit(f"{path}: missing; run scripts/build_english_words.py once (see data/SOURCES.md)")
    words_ = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words_.add(line)
    return frozenset(words_)


_CONTRACTIONS = {"s", "t", "re", "ve", "ll", "d", "m"}


# Contractions whose first part is no word of its own.
_NEGATIONS = {"can't": "can", "won't": "will", "shan't": "shall", "ain't": "am"}


def is_english_token(token: str, english: frozenset[str]) -> bool:
    """A word of the list ("Rosé" is not: accents make a word distinctive); "Girls'" and
    "King's" count through their base word, "I'm" and "Don't" as contractions."""
    t = token.lower().replace("’", "'")
    if t in english:
        return True
    if t in _NEGATIONS:
        return True
    if t.endswith("n't"):
        return t[:-3] in english
    if "'" in t:
        base, _, rest = t.partition("'")
        return base in english and (rest in _CONTRACTIONS or rest == "")
    return False


def all_english(name: str, english: frozenset[str]) -> bool:
    """True when every word of the name is a common English word (numbers are neutral,
    but at least one word must be English): "The King", "Big Mouth", "School 2021"."""
    tokens = words(name)
    alpha = [t for t in tokens if not t.isdigit()]
    if not alpha:
        return False
    for t in alpha:
        if any(c.isdigit() for c in t):
            return False
        if not is_english_token(t, english):
            return False
    return True


def is_single_letter(name: str) -> bool:
    """"L", "V", "D." - one letter and nothing else but punctuation."""
    chars = [c for c in name if c.isalnum()]
    return len(chars) == 1 and chars[0].isalpha()


def mark(entries: list[Entry], english: frozenset[str], stats: Stats) -> None:
    """Sets `generate: false` and a note on names that cannot be told from prose."""
    for e in entries:
        if is_single_letter(e.name):
            e.generate, e.note = False, LETTER_NOTE
            stats.note("marked: single letter", e.name)
        elif all_english(e.name, english):
            if CATEGORY[e.file] == "person" and len(e.name.split()) == 3 and is_korean_shaped(e.name):
                # Three romanized syllables that happen to be English words ("Park So Dam")
                # read as a Korean name, not as prose: keep the generated variants.
                stats.note("not marked: Korean name of English-looking syllables", e.name)
                continue
            e.generate, e.note = False, ENGLISH_NOTE
            stats.note(f"marked all-English: {e.file}", e.name)


# ---------------------------------------------------------------------------------------
# YAML
# ---------------------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .'\-]*[A-Za-z0-9.]|[A-Za-z]")
# Words YAML 1.1 (and some 1.2 loaders) read as booleans or null.
_TRAPS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}


def yaml_str(text: str) -> str:
    """A YAML scalar for `text`: plain when unmistakable, else double-quoted."""
    if _PLAIN.fullmatch(text) and text.lower() not in _TRAPS and ": " not in text and " #" not in text:
        return text
    out = ['"']
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or c == "\x7f":
            out.append(f"\\x{ord(c):02x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


HEADERS = {
    "actors": (
        "Actors",
        "data/names/mydramalist-actors-characters.csv, column actor_name",
        "github yujinc129-oss/Drama_data_project, data/raw/actors_info/wiki_actors.csv, "
        "commit ccbdfbfd0f08668c166583682cd3987faf6fe17f (a MyDramaList extract published on Kaggle)",
    ),
    "idols": (
        "K-pop idols: stage names and full names",
        "data/names/kpop-idols.csv, columns Stage Name, Full Name (Korean Name, Country check the spaced variants)",
        "github hweebaak/kpopdata, kpop_idols.csv, commit f1e66a345d7cd6fbe3a4119bb4ff90ac22a59865 "
        "(the Kaggle \"K-pop Idols\" set)",
    ),
    "groups": (
        "K-pop groups",
        "data/names/kpop-boy-groups.csv and kpop-girl-groups.csv (Name, Short), kpop-idols.csv (Group, Other Group)",
        "github hweebaak/kpopdata, kpop_boy_groups.csv, kpop_girl_groups.csv, kpop_idols.csv, "
        "commit f1e66a345d7cd6fbe3a4119bb4ff90ac22a59865",
    ),
    "titles": (
        "Drama titles",
        "data/names/mydramalist-actors-characters.csv, column drama_name",
        "github yujinc129-oss/Drama_data_project, data/raw/actors_info/wiki_actors.csv, "
        "commit ccbdfbfd0f08668c166583682cd3987faf6fe17f (a MyDramaList extract published on Kaggle)",
    ),
    "characters": (
        "Drama character names",
        "data/names/mydramalist-actors-characters.csv, column character_name",
        "github yujinc129-oss/Drama_data_project, data/raw/actors_info/wiki_actors.csv, "
        "commit ccbdfbfd0f08668c166583682cd3987faf6fe17f (a MyDramaList extract published on Kaggle)",
    ),
}


def render(file: str, entries: list[Entry]) -> str:
    """The YAML text of one generated file."""
    title, columns, origin = HEADERS[file]
    lines = [
        f"# {title}: canonical names for the kdrama pack.",
        "#",
        f"# GENERATED by {GENERATED_BY} - do not edit by hand; change the script or the data",
        "# and run `python3 scripts/build_names.py` (check freshness with --check).",
        "#",
        f"# Data: {columns}.",
        f"# Origin: {origin}.",
        "# Facts (names and titles) gathered from public repositories; see data/SOURCES.md for",
        "# provenance and what the build does to them.",
        "#",
        "# A name found in several sources is written once, in the first of names-actors,",
        "# names-idols, names-groups, names-titles, names-characters.",
        f"# `generate: false` marks names the engine cannot tell from prose: \"{ENGLISH_NOTE}\"",
        "# (every word is in dictionaries/english-words.txt) or a single letter.",
        f"# {len(entries)} names.",
        "kind: names",
        f"source: {yaml_str(f'{title}; {origin}')}",
        f"generated_by: {GENERATED_BY}",
        "rules:",
    ]
    # No `id:`: the loader gives each rule `<file stem>.<slug>`, made unique within the
    # file, and the entries are sorted, so ids are stable from run to run.
    for e in entries:
        lines.append(f"  - name: {yaml_str(e.name)}")
        lines.append(f"    category: {CATEGORY[e.file]}")
        if e.variants:
            lines.append(f"    variants: [{', '.join(yaml_str(v) for v in e.variants)}]")
        if not e.generate:
            lines.append("    generate: false")
        if e.note:
            lines.append(f"    note: {yaml_str(e.note)}")
    return "\n".join(lines) + "\n"


def sort_key(e: Entry) -> tuple[str, str]:
    return (name_key(e.name), e.name)


def build(data: Path = DATA, english_path: Path = ENGLISH, stats: Stats | None = None) -> dict[str, str]:
    """File name -> YAML text for every generated file."""
    stats = stats if stats is not None else Stats()
    entries = build_entries(collect(data, stats), stats)
    mark(entries, load_english(english_path), stats)
    out = {}
    for f in FILES:
        mine = sorted((e for e in entries if e.file == f), key=sort_key)
        stats.counts[f"canonical names: {f}"] = len(mine)
        out[f"names-{f}.yaml"] = render(f, mine)
    stats.counts["canonical names: total"] = len(entries)
    return out


def print_report(stats: Stats, samples: int) -> None:
    """Prints each rule's count and up to `samples` distinct examples."""
    for rule in sorted(stats.counts):
        print(f"{stats.counts[rule]:7}  {rule}")
        shown = list(dict.fromkeys(stats.samples.get(rule, [])))
        for s in shown[:samples]:
            print(f"           e.g. {s}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a generated file is stale")
    ap.add_argument("--report", action="store_true", help="print what each cleaning rule did")
    ap.add_argument("--samples", type=int, default=4, help="examples per rule in --report")
    ap.add_argument("--data", type=Path, default=DATA, help="folder with the CSVs")
    ap.add_argument("--out", type=Path, default=OUT, help="folder for the YAML files")
    args = ap.parse_args(argv)
    stats = Stats()
    files = build(args.data, ENGLISH, stats)
    if args.report:
        print_report(stats, args.samples)
    stale = []
    for name, text in files.items():
        path = args.out / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
    if stale:
        print(f"stale generated files (run python3 {GENERATED_BY}): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
