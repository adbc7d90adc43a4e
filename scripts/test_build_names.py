"""Tests for scripts/build_names.py: one test per cleaning rule, the syllable splitter, the
English-word marking, the YAML writer, and freshness of the committed output.

    python3 -m unittest discover -s scripts -p 'test_*.py'
"""

from __future__ import annotations

import csv
import re
import sys
import tempfile
import unittest
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_names as b  # noqa: E402

ENGLISH = b.load_english()


def character(raw: str) -> list[str]:
    return b.clean_character(raw, b.Stats())


class Cleaning(unittest.TestCase):
    def test_bracket_notes_are_stripped(self):
        self.assertEqual(character("Kim Dan [Young]"), ["Kim Dan"])
        self.assertEqual(character("Baek Hee Jae  [Young]"), ["Baek Hee Jae"])
        self.assertEqual(character("CEO Song Jung Ho [Hye In's husband}"), ["CEO Song Jung Ho", "Song Jung Ho"])
        self.assertEqual(character("Lee Sun [unclosed note"), ["Lee Sun"])
        self.assertEqual(character("{Room 609} Oh Do Shi"), ["Oh Do Shi"])

    def test_a_credit_that_is_only_a_note_is_dropped(self):
        stats = b.Stats()
        self.assertEqual(b.clean_character("[Herself]", stats), [])
        self.assertEqual(b.clean_character("[Himself] (Ep. 1-4)", stats), [])
        self.assertEqual(stats.counts["dropped: nothing left but a note"], 2)

    def test_parenthetical_notes_are_stripped(self):
        self.assertEqual(character("Ahn Do Kyung (Ep. 3)"), ["Ahn Do Kyung"])
        self.assertEqual(character("Jang Do Yoon (cameo)"), ["Jang Do Yoon"])
        self.assertEqual(character("Choi Sun Hwa [Pharmacist] (Ep. 2)"), ["Choi Sun Hwa"])

    def test_several_names_are_split(self):
        self.assertEqual(character("Aurora/Oh Ro Ra"), ["Aurora", "Oh Ro Ra"])
        self.assertEqual(character("Toto / Seung Yoon"), ["Toto", "Seung Yoon"])
        self.assertEqual(
            character("Kwon Ho Yeol | Dan Geuk [Dan Sol's father] | [Warlord]"),
            ["Kwon Ho Yeol", "Dan Geuk"],
        )
        self.assertEqual(character("Liu Jin → Liu Bei"), ["Liu Jin", "Liu Bei"])

    def test_title_words_keep_the_credit_and_add_the_bare_full_name(self):
        self.assertEqual(
            character("Principal Kyung Pil [Songyeong High School]"),
            ["Principal Kyung Pil", "Kyung Pil"],
        )
        self.assertEqual(character("Det. Park Joong Ki"), ["Det. Park Joong Ki", "Park Joong Ki"])
        self.assertEqual(character("Dr. Lee Young Ae"), ["Dr. Lee Young Ae", "Lee Young Ae"])
        self.assertEqual(character("Grand Prince Yang Myung"), ["Grand Prince Yang Myung", "Yang Myung"])
        # A lone surname or syllable is no name of its own.
        self.assertEqual(character("Detective Min"), ["Detective Min"])
        self.assertEqual(character("Chairman Lee"), ["Chairman Lee"])
        # What is left must not be another title ("Chief Surgeon Lee").
        self.assertEqual(b.bare_name("Chief Surgeon Lee"), None)

    def test_spaces_are_normalised(self):
        self.assertEqual(b.clean_person("  Park  Hyo Joo "), ["Park Hyo Joo"])
        self.assertEqual(b.clean_person("Seo\u00a0Dan Ah"), ["Seo Dan Ah"])
        self.assertEqual(character(" Kim Geun Shik "), ["Kim Geun Shik"])
        self.assertEqual(b.clean_title("I  Can See Your MBTI"), ["I Can See Your MBTI"])

    def test_bom_on_the_first_header_is_removed(self):
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "x.csv"
            path.write_bytes("\ufeffStage Name,Full Name\r\nAce,Jang Wooyoung\r\n".encode())
            rows = b.read_csv(path)
        self.assertEqual(rows, [{"Stage Name": "Ace", "Full Name": "Jang Wooyoung"}])

    def test_empty_names_are_dropped(self):
        stats = b.Stats()
        self.assertEqual(b.clean_person("", stats), [])
        self.assertEqual(b.clean_person("   ", stats), [])
        self.assertEqual(stats.counts["dropped: empty"], 2)
        # An empty optional cell (a group's Short name) is not counted as a dropped name.
        stats = b.Stats()
        self.assertEqual(b.clean_group("", stats), [])
        self.assertEqual(stats.counts["dropped: empty"], 0)

    def test_role_words_are_dropped(self):
        for raw in ["Himself", "Herself", "Narrator", "Guest", "Student 1", "Nurse", "Man",
                    "Woman", "Young Man", "The Professor", "#313 Resident", "Man 2",
                    "Mysterious Woman"]:
            self.assertEqual(character(raw), [], raw)
        # A role word beside a real name is a name.
        self.assertEqual(character("Iron Man"), ["Iron Man"])
        self.assertEqual(character("Nurse Kim Hae Ra"), ["Nurse Kim Hae Ra", "Kim Hae Ra"])

    def test_descriptions_are_dropped(self):
        for raw in ["Ae Bong's mother", "Casual encounter to Yoo Hyuk", "Banquet noodles"]:
            self.assertEqual(character(raw), [], raw)

    def test_digits_drop_character_names_only(self):
        self.assertEqual(character("Number 13"), [])
        self.assertEqual(character("Oh Hae Yeong #2"), [])
        self.assertEqual(b.clean_person("The8"), ["The8"])
        self.assertEqual(b.clean_group("2PM"), ["2PM"])
        self.assertEqual(b.clean_title("Reply 1988"), ["Reply 1988"])

    def test_no_letters_and_corrupt_names_are_dropped(self):
        self.assertEqual(b.clean_group("100%"), [])
        self.assertEqual(b.clean_title("The [email\u00a0protected]"), [])
        self.assertEqual(b.clean_person("Lee Ji?n"), [])
        # A question mark ends many real titles.
        self.assertEqual(b.clean_title("Why Her?"), ["Why Her?"])

    def test_known_corruptions_are_repaired(self):
        self.assertEqual(b.clean_person("Ros?"), ["Rosé"])
        self.assertEqual(character("Сhun Na Ra"), ["Chun Na Ra"])  # Cyrillic Es

    def test_quotes(self):
        self.assertEqual(character('"Tammy"'), ["Tammy"])
        self.assertEqual(character('Bae Ta Mi / "Tammy"'), ["Bae Ta Mi", "Tammy"])
        self.assertEqual(character('Woo Joo "Universe"'), ["Woo Joo"])
        self.assertEqual(character('"Khaya" Kim Swan'), ["Kim Swan"])
        self.assertEqual(character("Go'spresso"), ["Go'spresso"])

    def test_korean_names_get_capitalised_syllables(self):
        self.assertEqual(b.clean_person("Lee Gun chang"), ["Lee Gun Chang"])
        self.assertEqual(character("Madame ParK Kyung Suk"), ["Madame Park Kyung Suk", "Park Kyung Suk"])
        self.assertEqual(b.clean_person("iKON"), ["iKON"])  # not Korean-shaped: untouched

    def test_titles(self):
        self.assertEqual(b.clean_title("Nevertheless,"), ["Nevertheless"])
        self.assertEqual(b.clean_title("Voice Season 2"), ["Voice Season 2", "Voice"])
        self.assertEqual(b.clean_title("Travel Through Romance Season 1.5"),
                         ["Travel Through Romance Season 1.5", "Travel Through Romance"])
        self.assertEqual(b.clean_title("The Penthouse Season 2: War in Life"),
                         ["The Penthouse Season 2: War in Life"])

    def test_groups(self):
        self.assertEqual(b.clean_group("NCT U, NCT 127,SuperM"), ["NCT U", "NCT 127", "SuperM"])
        self.assertEqual(b.clean_group("(G)I-DLE"), ["(G)I-DLE"])
        self.assertEqual(b.clean_group("f(x)"), ["f(x)"])


class Merging(unittest.TestCase):
    def entries(self, cands):
        return {(e.name, e.file) for e in b.build_entries(cands, b.Stats())}

    def test_duplicates_become_one_name_in_the_first_file(self):
        cands = [
            b.Candidate("Song Kang", "characters"),
            b.Candidate("Song Kang", "actors"),
            b.Candidate("Song Kang", "actors"),
            b.Candidate("Signal", "titles"),
            b.Candidate("Signal", "groups", authority=1),
        ]
        self.assertEqual(self.entries(cands), {("Song Kang", "actors"), ("Signal", "groups")})

    def test_case_variants_keep_the_proper_spelling(self):
        def pick(*spellings, authority=None):
            return b.choose_spelling(Counter(spellings), authority or {})

        self.assertEqual(pick("Lee Gun chang", "Lee Gun Chang"), "Lee Gun Chang")
        self.assertEqual(pick("Boa", "BoA"), "BoA")
        self.assertEqual(pick("JIN", "Jin"), "Jin")
        self.assertEqual(pick("Twice", "Twice", "TWICE", authority={"TWICE": 1}), "TWICE")
        self.assertEqual(pick("Hoya", "Hoya", "HoYa"), "HoYa")

    def test_quote_style_and_case_make_no_new_name(self):
        self.assertEqual(b.name_key("Girls’ Generation"), b.name_key("girls' generation"))
        self.assertNotEqual(b.name_key("Rosé"), b.name_key("Rose"))

    def test_a_variant_that_is_a_name_is_not_listed(self):
        cands = [
            b.Candidate("Kim Jiwon", "idols", variants=["Kim Ji Won"]),
            b.Candidate("Kim Ji Won", "actors"),
            b.Candidate("Lee Jimin", "idols", variants=["Lee Ji Min"]),
        ]
        got = {e.name: e.variants for e in b.build_entries(cands, b.Stats())}
        self.assertEqual(got["Kim Jiwon"], [])
        self.assertEqual(got["Lee Jimin"], ["Lee Ji Min"])

    def test_a_variant_shared_by_two_names_is_dropped(self):
        cands = [
            b.Candidate("Kim Jiwon", "idols", variants=["Kim Ji Won"]),
            b.Candidate("Kim Ji-won", "idols", variants=["Kim Ji Won"]),
        ]
        self.assertEqual([e.variants for e in b.build_entries(cands, b.Stats())], [[], []])


class Syllables(unittest.TestCase):
    def test_two_syllable_given_names_split(self):
        self.assertEqual(b.split_syllables("Wooyoung"), [("Woo", "Young")])
        self.assertEqual(b.split_syllables("Jimin"), [("Ji", "Min")])
        self.assertEqual(b.split_syllables("Taehyung"), [("Tae", "Hyung")])
        self.assertEqual(b.split_syllables("Seunghyun"), [("Seung", "Hyun")])

    def test_ambiguous_or_unknown_names_do_not_split(self):
        self.assertEqual(len(b.split_syllables("Yuna")), 2)  # Yu Na / Yun A
        self.assertEqual(len(b.split_syllables("Hana")), 2)  # Ha Na / Han A
        self.assertEqual(b.split_syllables("Jennie"), [])
        self.assertEqual(b.split_syllables("Min"), [])

    def test_spaced_full_names(self):
        self.assertEqual(b.spaced_given_name("Jang Wooyoung", "장우영"), "Jang Woo Young")
        self.assertEqual(b.spaced_given_name("Seong Hyunwoo"), "Seong Hyun Woo")
        self.assertEqual(b.spaced_given_name("Ahn Hee-yeon", "안희연"), "Ahn Hee Yeon")
        self.assertEqual(b.spaced_given_name("Seo Joohyun", "서주현?"), "Seo Joo Hyun")
        # Unsure: ambiguous split, not a Korean family name, Hangul disagrees, no split.
        self.assertIsNone(b.spaced_given_name("Im Yoona", "임윤아"))  # Yoo Na / Yoon A
        self.assertIsNone(b.spaced_given_name("Minatozaki Sana"))
        self.assertIsNone(b.spaced_given_name("Park Bom", "박봄"))
        self.assertIsNone(b.spaced_given_name("Jang Wooyoung", "장우"))
        self.assertIsNone(b.spaced_given_name("Kevin Jiyeop Kim"))
        self.assertIsNone(b.spaced_given_name("Lee Jennie"))

    def test_table_covers_the_syllables_of_the_data(self):
        """Every given-name syllable seen five times in the spaced names of the MyDramaList
        extract is in SYLLABLES (surnames and stray English words aside)."""
        path = b.DATA / "mydramalist-actors-characters.csv"
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        names = {" ".join(r["actor_name"].split()) for r in rows}
        for r in rows:
            text = re.sub(r"\[.*?\]|\(.*?\)", "", r["character_name"])
            names.update(" ".join(c.split()) for c in re.split(r"[/|]", text))
        given: Counter[str] = Counter()
        for n in names:
            t = n.split()
            if len(t) == 3 and all(re.fullmatch(r"[A-Z][a-z]*", x) for x in t):
                given.update(t[1:])
        not_syllables = {"Lee", "Ahn", "Noh", "Dino"}
        missing = [s for s, c in given.items() if c >= 5 and s not in b.SYLLABLES and s not in not_syllables]
        self.assertEqual(missing, [])


class English(unittest.TestCase):
    def test_common_words_are_in_the_list(self):
        for w in ["the", "king", "big", "mouth", "agency", "voice", "touch", "nevertheless",
                  "joy", "rain", "promise", "women", "online", "girls"]:
            self.assertIn(w, ENGLISH, w)

    def test_korean_syllables_are_not(self):
        for w in ["kang", "jung", "hye", "ji", "seo", "min", "hyun", "soo", "eun", "yoon",
                  "kim", "lee", "jin", "woo", "jae", "shin", "tae"]:
            self.assertNotIn(w, ENGLISH, w)

    def test_list_is_lower_case_sorted_and_unique(self):
        lines = [ln for ln in b.ENGLISH.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
        self.assertEqual(lines, sorted(set(lines)))
        self.assertTrue(all(re.fullmatch(r"[a-z]+", w) for w in lines))
        self.assertTrue(20_000 <= len(lines) <= 50_000, len(lines))

    def test_all_english_names(self):
        for name in ["The King", "Big Mouth", "Agency", "Joy", "Girls' Generation",
                     "It's Okay to Not Be Okay", "School 2021", "Mr. Queen", "I Don't Care"]:
            self.assertTrue(b.all_english(name, ENGLISH), name)
        for name in ["Kim Soo Hyun", "2PM", "Rosé", "Jang Wooyoung", "Hometown Cha-Cha-Cha", "2021"]:
            self.assertFalse(b.all_english(name, ENGLISH), name)

    def test_marking(self):
        entries = [
            b.Entry("The King", "characters"),
            b.Entry("Agency", "titles"),
            b.Entry("L", "idols"),
            b.Entry("So Young", "characters"),
            b.Entry("Park So Dam", "actors"),
            b.Entry("Kim Soo Hyun", "actors"),
        ]
        b.mark(entries, ENGLISH, b.Stats())
        got = {e.name: (e.generate, e.note) for e in entries}
        self.assertEqual(got["The King"], (False, b.ENGLISH_NOTE))
        self.assertEqual(got["Agency"], (False, b.ENGLISH_NOTE))
        self.assertEqual(got["L"], (False, b.LETTER_NOTE))
        self.assertEqual(got["So Young"], (False, b.ENGLISH_NOTE))  # "So young, so ..." is prose
        self.assertEqual(got["Park So Dam"], (True, ""))  # three syllables read as a name
        self.assertEqual(got["Kim Soo Hyun"], (True, ""))


class Yaml(unittest.TestCase):
    def test_scalars(self):
        self.assertEqual(b.yaml_str("Kim Soo Hyun"), "Kim Soo Hyun")
        self.assertEqual(b.yaml_str("Girls' Generation"), "Girls' Generation")
        for trap in ["N", "Y", "Yes", "no", "On", "null"]:
            self.assertEqual(b.yaml_str(trap), f'"{trap}"')
        self.assertEqual(b.yaml_str("E:U"), '"E:U"')
        self.assertEqual(b.yaml_str("IZ*ONE"), '"IZ*ONE"')
        self.assertEqual(b.yaml_str('Do You "Truth or Dare" with Me?'), '"Do You \\"Truth or Dare\\" with Me?"')
        self.assertEqual(b.yaml_str("Rosé"), '"Rosé"')

    def test_render(self):
        text = b.render("groups", [b.Entry("TWICE", "groups"), b.Entry("Rainbow", "groups", generate=False, note=b.ENGLISH_NOTE)])
        self.assertIn("\nkind: names\n", text)
        self.assertIn(f"\ngenerated_by: {b.GENERATED_BY}\n", text)
        self.assertIn("  - name: TWICE\n    category: group\n", text)
        self.assertIn("  - name: Rainbow\n    category: group\n    generate: false\n    note: \"all tokens", text)
        self.assertTrue(all(line.startswith("#") for line in text.split("kind: names")[0].splitlines()))


class Output(unittest.TestCase):
    def test_build_is_deterministic_and_committed_files_are_fresh(self):
        first = b.build()
        self.assertEqual(first, b.build())
        for name, text in first.items():
            self.assertEqual((b.OUT / name).read_text(encoding="utf-8"), text,
                             f"{name} is stale: run python3 scripts/build_names.py")

    def test_the_pack_holds_at_least_4000_names(self):
        stats = b.Stats()
        b.build(stats=stats)
        self.assertGreaterEqual(stats.counts["canonical names: total"], 4000)


if __name__ == "__main__":
    unittest.main()
